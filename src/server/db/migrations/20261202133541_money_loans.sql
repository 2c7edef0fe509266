CREATE TABLE "loan_commitments" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_commitments_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "loan_fund_members" (
	"region_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_fund_members_region_id_fund_id_unit_id_pk" PRIMARY KEY("region_id","fund_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "loan_funds" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rules" jsonb NOT NULL,
	"ledger_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_funds_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"status" text NOT NULL,
	"bank" text NOT NULL,
	"bank_loan_fen" bigint NOT NULL,
	"bank_due_on" date NOT NULL,
	"renewal_fen" bigint NOT NULL,
	"commitment_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"applied_by" uuid,
	"prepared_by" uuid,
	"prepared_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"pending_id" uuid,
	"disbursed_on" date,
	"due_on" date,
	"repaid_on" date,
	"days" integer,
	"fee_fen" bigint,
	"write_off_decision" text,
	"write_off_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loans_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "loans_status_ck" CHECK ("loans"."status" in ('applied', 'prepared', 'approved', 'disbursed', 'repaid', 'written_off')),
	CONSTRAINT "loans_amount_ck" CHECK ("loans"."amount_fen" > 0 and "loans"."bank_loan_fen" > 0 and "loans"."renewal_fen" > 0),
	CONSTRAINT "loans_maker_checker_ck" CHECK ("loans"."approved_by" is null or "loans"."approved_by" is distinct from "loans"."prepared_by")
);
--> statement-breakpoint
ALTER TABLE "loan_commitments" ADD CONSTRAINT "loan_commitments_member_fk" FOREIGN KEY ("region_id","fund_id","unit_id") REFERENCES "public"."loan_fund_members"("region_id","fund_id","unit_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_fund_members" ADD CONSTRAINT "loan_fund_members_fund_fk" FOREIGN KEY ("region_id","fund_id") REFERENCES "public"."loan_funds"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_fund_members" ADD CONSTRAINT "loan_fund_members_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_funds" ADD CONSTRAINT "loan_funds_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_funds" ADD CONSTRAINT "loan_funds_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_member_fk" FOREIGN KEY ("region_id","fund_id","unit_id") REFERENCES "public"."loan_fund_members"("region_id","fund_id","unit_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_commitment_fk" FOREIGN KEY ("region_id","commitment_id") REFERENCES "public"."loan_commitments"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_funds_ledger_uq" ON "loan_funds" USING btree ("region_id","ledger_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loans_pending_uq" ON "loans" USING btree ("region_id","pending_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loans_commitment_uq" ON "loans" USING btree ("region_id","commitment_id");--> statement-breakpoint
CREATE INDEX "loans_fund_idx" ON "loans" USING btree ("region_id","fund_id","status","due_on");--> statement-breakpoint
CREATE INDEX "loans_unit_idx" ON "loans" USING btree ("region_id","fund_id","unit_id");