CREATE TABLE "charity_disbursements" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"beneficiary" text NOT NULL,
	"purpose" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"pending_id" uuid NOT NULL,
	"prepared_by" uuid,
	"prepared_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	CONSTRAINT "charity_disbursements_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "charity_disbursements_amount_ck" CHECK ("charity_disbursements"."amount_fen" > 0),
	CONSTRAINT "charity_disbursements_status_ck" CHECK ("charity_disbursements"."status" in ('prepared', 'approved', 'rejected')),
	CONSTRAINT "charity_disbursements_purpose_ck" CHECK ("charity_disbursements"."purpose" in ('poverty', 'education', 'elderly', 'medical', 'disaster', 'other')),
	CONSTRAINT "charity_disbursements_maker_checker_ck" CHECK ("charity_disbursements"."approved_by" is null or "charity_disbursements"."approved_by" is distinct from "charity_disbursements"."prepared_by")
);
--> statement-breakpoint
CREATE TABLE "charity_donations" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"receipt_no" text NOT NULL,
	"donor_kind" text NOT NULL,
	"unit_id" uuid,
	"donor_name" text NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_on" date NOT NULL,
	"pledge_id" uuid,
	"source" text DEFAULT 'direct' NOT NULL,
	"source_ref" text,
	"memo" text DEFAULT '' NOT NULL,
	"posting_id" uuid NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charity_donations_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "charity_donations_amount_ck" CHECK ("charity_donations"."amount_fen" > 0),
	CONSTRAINT "charity_donations_donor_ck" CHECK ("charity_donations"."donor_kind" in ('unit', 'person')),
	CONSTRAINT "charity_donations_source_ck" CHECK ("charity_donations"."source" in ('direct', 'event'))
);
--> statement-breakpoint
CREATE TABLE "charity_funds" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"ledger_id" uuid NOT NULL,
	"token" text NOT NULL,
	"token_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charity_funds_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "charity_funds_kind_ck" CHECK ("charity_funds"."kind" in ('endowment', 'spend'))
);
--> statement-breakpoint
CREATE TABLE "charity_pledges" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"donor_kind" text NOT NULL,
	"unit_id" uuid,
	"donor_name" text NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"total_fen" bigint NOT NULL,
	"pledged_on" date NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charity_pledges_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "charity_pledges_total_ck" CHECK ("charity_pledges"."total_fen" > 0),
	CONSTRAINT "charity_pledges_donor_ck" CHECK ("charity_pledges"."donor_kind" in ('unit', 'person'))
);
--> statement-breakpoint
ALTER TABLE "charity_disbursements" ADD CONSTRAINT "charity_disbursements_fund_fk" FOREIGN KEY ("region_id","fund_id") REFERENCES "public"."charity_funds"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_donations" ADD CONSTRAINT "charity_donations_fund_fk" FOREIGN KEY ("region_id","fund_id") REFERENCES "public"."charity_funds"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_donations" ADD CONSTRAINT "charity_donations_pledge_fk" FOREIGN KEY ("region_id","pledge_id") REFERENCES "public"."charity_pledges"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_donations" ADD CONSTRAINT "charity_donations_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_funds" ADD CONSTRAINT "charity_funds_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_funds" ADD CONSTRAINT "charity_funds_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_pledges" ADD CONSTRAINT "charity_pledges_fund_fk" FOREIGN KEY ("region_id","fund_id") REFERENCES "public"."charity_funds"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charity_pledges" ADD CONSTRAINT "charity_pledges_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "charity_disbursements_pending_uq" ON "charity_disbursements" USING btree ("region_id","pending_id");--> statement-breakpoint
CREATE INDEX "charity_disbursements_fund_idx" ON "charity_disbursements" USING btree ("region_id","fund_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "charity_donations_receipt_uq" ON "charity_donations" USING btree ("region_id","fund_id","year","receipt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "charity_donations_source_uq" ON "charity_donations" USING btree ("region_id","source_ref");--> statement-breakpoint
CREATE INDEX "charity_donations_fund_idx" ON "charity_donations" USING btree ("region_id","fund_id","received_on");--> statement-breakpoint
CREATE INDEX "charity_donations_pledge_idx" ON "charity_donations" USING btree ("region_id","pledge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "charity_funds_ledger_uq" ON "charity_funds" USING btree ("region_id","ledger_id");--> statement-breakpoint
CREATE INDEX "charity_funds_token_idx" ON "charity_funds" USING btree ("token");