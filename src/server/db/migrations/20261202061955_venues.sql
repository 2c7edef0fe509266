-- btree_gist: the booking exclusion constraint below compares uuids with = inside a GiST index (PGlite loads the contrib
-- extension when it opens, src/server/db/client.ts)
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE TABLE "venue_blackouts" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_blackouts_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "venue_blackouts_range" CHECK ("venue_blackouts"."ends_at" > "venue_blackouts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "venue_bookings" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"series_id" uuid,
	"occurrence" integer,
	"booker_org_id" uuid,
	"booker_unit_id" uuid,
	"created_by" uuid NOT NULL,
	"purpose" text NOT NULL,
	"attendees" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"during" "tstzrange" GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED NOT NULL,
	"status" text NOT NULL,
	"is_exception" boolean DEFAULT false NOT NULL,
	"reject_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_bookings_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "venue_bookings_range" CHECK ("venue_bookings"."ends_at" > "venue_bookings"."starts_at"),
	CONSTRAINT "venue_bookings_booker" CHECK (num_nonnulls("venue_bookings"."booker_org_id", "venue_bookings"."booker_unit_id") <= 1)
);
--> statement-breakpoint
CREATE TABLE "venue_resources" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"owner_org_id" uuid,
	"owner_unit_id" uuid,
	"alliance_id" uuid,
	"address" text,
	"description" text DEFAULT '' NOT NULL,
	"capacity" integer NOT NULL,
	"opening_hours" jsonb NOT NULL,
	"bookable_by" text NOT NULL,
	"min_notice_minutes" integer NOT NULL,
	"max_advance_days" integer NOT NULL,
	"min_duration_minutes" integer NOT NULL,
	"max_duration_minutes" integer NOT NULL,
	"approval_required" boolean NOT NULL,
	"weekly_quota" integer,
	"cancel_cutoff_minutes" integer NOT NULL,
	"no_show_limit" integer NOT NULL,
	"no_show_window_days" integer NOT NULL,
	"suspension_days" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_resources_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "venue_resources_one_owner" CHECK (num_nonnulls("venue_resources"."owner_org_id", "venue_resources"."owner_unit_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "venue_series" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"booker_org_id" uuid,
	"booker_unit_id" uuid,
	"created_by" uuid NOT NULL,
	"purpose" text NOT NULL,
	"first_starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"weeks" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_series_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "venue_visits" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"booking_id" uuid,
	"visited_on" date NOT NULL,
	"visitors" integer NOT NULL,
	"group_name" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_visits_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "venue_visits_visitors" CHECK ("venue_visits"."visitors" > 0)
);
--> statement-breakpoint
ALTER TABLE "venue_blackouts" ADD CONSTRAINT "venue_blackouts_resource_fk" FOREIGN KEY ("region_id","resource_id") REFERENCES "public"."venue_resources"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_bookings" ADD CONSTRAINT "venue_bookings_resource_fk" FOREIGN KEY ("region_id","resource_id") REFERENCES "public"."venue_resources"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_bookings" ADD CONSTRAINT "venue_bookings_series_fk" FOREIGN KEY ("region_id","series_id") REFERENCES "public"."venue_series"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_bookings" ADD CONSTRAINT "venue_bookings_org_fk" FOREIGN KEY ("region_id","booker_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_bookings" ADD CONSTRAINT "venue_bookings_unit_fk" FOREIGN KEY ("region_id","booker_unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_resources" ADD CONSTRAINT "venue_resources_org_fk" FOREIGN KEY ("region_id","owner_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_resources" ADD CONSTRAINT "venue_resources_unit_fk" FOREIGN KEY ("region_id","owner_unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_resources" ADD CONSTRAINT "venue_resources_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_series" ADD CONSTRAINT "venue_series_resource_fk" FOREIGN KEY ("region_id","resource_id") REFERENCES "public"."venue_resources"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_series" ADD CONSTRAINT "venue_series_org_fk" FOREIGN KEY ("region_id","booker_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_series" ADD CONSTRAINT "venue_series_unit_fk" FOREIGN KEY ("region_id","booker_unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_visits" ADD CONSTRAINT "venue_visits_resource_fk" FOREIGN KEY ("region_id","resource_id") REFERENCES "public"."venue_resources"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_visits" ADD CONSTRAINT "venue_visits_booking_fk" FOREIGN KEY ("region_id","booking_id") REFERENCES "public"."venue_bookings"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "venue_blackouts_resource_idx" ON "venue_blackouts" USING btree ("region_id","resource_id","starts_at");--> statement-breakpoint
CREATE INDEX "venue_bookings_resource_idx" ON "venue_bookings" USING btree ("region_id","resource_id","starts_at");--> statement-breakpoint
CREATE INDEX "venue_bookings_org_idx" ON "venue_bookings" USING btree ("region_id","booker_org_id","starts_at");--> statement-breakpoint
CREATE INDEX "venue_bookings_unit_idx" ON "venue_bookings" USING btree ("region_id","booker_unit_id","starts_at");--> statement-breakpoint
CREATE INDEX "venue_bookings_creator_idx" ON "venue_bookings" USING btree ("region_id","created_by","starts_at");--> statement-breakpoint
CREATE INDEX "venue_bookings_series_idx" ON "venue_bookings" USING btree ("region_id","series_id");--> statement-breakpoint
CREATE INDEX "venue_resources_org_idx" ON "venue_resources" USING btree ("region_id","owner_org_id");--> statement-breakpoint
CREATE INDEX "venue_resources_unit_idx" ON "venue_resources" USING btree ("region_id","owner_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "venue_visits_booking_uq" ON "venue_visits" USING btree ("region_id","booking_id");--> statement-breakpoint
CREATE INDEX "venue_visits_resource_idx" ON "venue_visits" USING btree ("region_id","resource_id","visited_on");--> statement-breakpoint
-- No double booking, enforced by the database: pending, approved and checked-in bookings of a venue never overlap.
-- region_id with = keeps it acceptable to Citus (distributed by region_id).
ALTER TABLE "venue_bookings" ADD CONSTRAINT "venue_bookings_no_overlap" EXCLUDE USING gist ("region_id" WITH =, "resource_id" WITH =, "during" WITH &&) WHERE ("status" IN ('pending', 'approved', 'checked_in'));
