CREATE TABLE "dues_amounts" (
	"region_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"org_id" uuid NOT NULL,
	"category" text NOT NULL,
	"base_fen" bigint NOT NULL,
	"monthly_fen" bigint NOT NULL,
	"reason" text,
	"set_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_amounts_region_id_member_id_year_pk" PRIMARY KEY("region_id","member_id","year"),
	CONSTRAINT "dues_amounts_fen_ck" CHECK ("dues_amounts"."base_fen" >= 0 and "dues_amounts"."monthly_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "dues_months" (
	"region_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"payment_id" uuid NOT NULL,
	CONSTRAINT "dues_months_region_id_member_id_year_month_pk" PRIMARY KEY("region_id","member_id","year","month"),
	CONSTRAINT "dues_months_month_ck" CHECK ("dues_months"."month" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "dues_payments" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"months" integer[] NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"receipt_no" text NOT NULL,
	"posting_id" uuid NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_payments_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "dues_payments_amount_ck" CHECK ("dues_payments"."amount_fen" > 0),
	CONSTRAINT "dues_payments_method_ck" CHECK ("dues_payments"."method" in ('cash', 'transfer'))
);
--> statement-breakpoint
ALTER TABLE "dues_amounts" ADD CONSTRAINT "dues_amounts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_amounts" ADD CONSTRAINT "dues_amounts_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_amounts" ADD CONSTRAINT "dues_amounts_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_months" ADD CONSTRAINT "dues_months_payment_fk" FOREIGN KEY ("region_id","payment_id") REFERENCES "public"."dues_payments"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dues_payments_receipt_uq" ON "dues_payments" USING btree ("region_id","receipt_no");--> statement-breakpoint
CREATE INDEX "dues_payments_org_idx" ON "dues_payments" USING btree ("region_id","org_id","year");