CREATE TABLE "need_claims" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"dispatch_id" uuid NOT NULL,
	"slots" integer NOT NULL,
	"slot_from" integer NOT NULL,
	"slot_to" integer NOT NULL,
	"claimed_by" uuid,
	"claimed_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_claims_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "need_claims_slots_ck" CHECK ("need_claims"."slots" >= 1 and "need_claims"."slot_to" - "need_claims"."slot_from" + 1 = "need_claims"."slots")
);
--> statement-breakpoint
CREATE TABLE "need_dispatches" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"org_id" uuid,
	"unit_id" uuid,
	"source" text DEFAULT 'office' NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"claimed_slots" integer DEFAULT 0 NOT NULL,
	"seen_at" timestamp with time zone,
	"claimed_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_dispatches_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "need_dispatches_recipient_ck" CHECK ("need_dispatches"."org_id" is not null or "need_dispatches"."unit_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "need_results" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"slot_no" integer NOT NULL,
	"person_name" text NOT NULL,
	"start_on" date NOT NULL,
	"employer" text,
	"note" text,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_results_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"quantity" integer NOT NULL,
	"claimed" integer DEFAULT 0 NOT NULL,
	"filled" integer DEFAULT 0 NOT NULL,
	"wanted_by" date,
	"visibility" text DEFAULT 'alliance' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	"raised_as" text NOT NULL,
	"raised_by" uuid,
	"raised_by_name" text,
	"reject_reason" text,
	"merged_into_id" uuid,
	"reviewed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"rating" integer,
	"rating_comment" text,
	"rated_by" uuid,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "needs_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "needs_slots_ck" CHECK ("needs"."claimed" >= 0 and "needs"."claimed" <= "needs"."quantity" and "needs"."filled" >= 0 and "needs"."filled" <= "needs"."claimed"),
	CONSTRAINT "needs_quantity_ck" CHECK ("needs"."quantity" >= 1),
	CONSTRAINT "needs_rating_ck" CHECK ("needs"."rating" is null or "needs"."rating" between 1 and 5),
	CONSTRAINT "needs_party_ck" CHECK ("needs"."unit_id" is not null or "needs"."org_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "need_claims" ADD CONSTRAINT "need_claims_need_fk" FOREIGN KEY ("region_id","need_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_claims" ADD CONSTRAINT "need_claims_dispatch_fk" FOREIGN KEY ("region_id","dispatch_id") REFERENCES "public"."need_dispatches"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_dispatches" ADD CONSTRAINT "need_dispatches_need_fk" FOREIGN KEY ("region_id","need_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_dispatches" ADD CONSTRAINT "need_dispatches_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_dispatches" ADD CONSTRAINT "need_dispatches_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_results" ADD CONSTRAINT "need_results_need_fk" FOREIGN KEY ("region_id","need_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_results" ADD CONSTRAINT "need_results_claim_fk" FOREIGN KEY ("region_id","claim_id") REFERENCES "public"."need_claims"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_merged_into_fk" FOREIGN KEY ("region_id","merged_into_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "need_claims_slot_uq" ON "need_claims" USING btree ("region_id","need_id","slot_from");--> statement-breakpoint
CREATE INDEX "need_claims_dispatch_idx" ON "need_claims" USING btree ("region_id","dispatch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "need_dispatches_recipient_uq" ON "need_dispatches" USING btree ("region_id","need_id","recipient");--> statement-breakpoint
CREATE INDEX "need_dispatches_org_idx" ON "need_dispatches" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "need_dispatches_unit_idx" ON "need_dispatches" USING btree ("region_id","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "need_results_slot_uq" ON "need_results" USING btree ("region_id","need_id","slot_no");--> statement-breakpoint
CREATE INDEX "needs_alliance_idx" ON "needs" USING btree ("region_id","alliance_id","created_at");--> statement-breakpoint
CREATE INDEX "needs_status_idx" ON "needs" USING btree ("region_id","alliance_id","status","created_at");--> statement-breakpoint
CREATE INDEX "needs_unit_idx" ON "needs" USING btree ("region_id","unit_id");--> statement-breakpoint
CREATE INDEX "needs_org_idx" ON "needs" USING btree ("region_id","org_id");