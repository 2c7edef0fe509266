CREATE TABLE "dues_corrections" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"reversal_posting_id" uuid NOT NULL,
	"corrected_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_corrections_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "dues_amounts" ADD COLUMN "table_fen" bigint;--> statement-breakpoint
ALTER TABLE "dues_amounts" ADD COLUMN "reduction_decision" text;--> statement-breakpoint
ALTER TABLE "dues_amounts" ADD COLUMN "reduction_approval" text;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD COLUMN "extra_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD COLUMN "paid_by" text;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD COLUMN "forward_up" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dues_corrections" ADD CONSTRAINT "dues_corrections_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_corrections" ADD CONSTRAINT "dues_corrections_payment_fk" FOREIGN KEY ("region_id","payment_id") REFERENCES "public"."dues_payments"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dues_corrections_payment_uq" ON "dues_corrections" USING btree ("region_id","payment_id");--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_extra_ck" CHECK ("dues_payments"."extra_fen" >= 0 and "dues_payments"."extra_fen" <= "dues_payments"."amount_fen");