CREATE TABLE "volunteer_certificates" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"total_minutes" integer NOT NULL,
	"services" integer NOT NULL,
	"issuer_org_name" text NOT NULL,
	"issuer_name" text NOT NULL,
	"issuer_contact" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text,
	CONSTRAINT "volunteer_certificates_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_hours" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"activity_id" uuid,
	"description" text NOT NULL,
	"served_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"reverses_id" uuid,
	"reason" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	CONSTRAINT "volunteer_hours_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteer_hours_sign" CHECK (("volunteer_hours"."source" = 'reversal') = ("volunteer_hours"."reverses_id" is not null) and ("volunteer_hours"."source" = 'reversal') = ("volunteer_hours"."minutes" < 0) and "volunteer_hours"."minutes" <> 0 and abs("volunteer_hours"."minutes") <= 1440)
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"interest" text DEFAULT '' NOT NULL,
	"owner_org_id" uuid,
	"owner_alliance_id" uuid,
	"owner_unit_id" uuid,
	"leader_volunteer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_teams_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteer_teams_one_owner" CHECK (num_nonnulls("volunteer_teams"."owner_org_id", "volunteer_teams"."owner_alliance_id", "volunteer_teams"."owner_unit_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"member_id" uuid,
	"name" text,
	"phone" text,
	"unit_id" uuid,
	"political_status" text NOT NULL,
	"volunteer_no" text NOT NULL,
	"joined_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteers_member_or_name" CHECK (("volunteers"."member_id" is not null and "volunteers"."name" is null and "volunteers"."phone" is null) or ("volunteers"."member_id" is null and "volunteers"."name" is not null)),
	CONSTRAINT "volunteers_member_status" CHECK (("volunteers"."member_id" is null) = ("volunteers"."political_status" <> 'party_member'))
);
--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_volunteer_fk" FOREIGN KEY ("region_id","volunteer_id") REFERENCES "public"."volunteers"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_volunteer_fk" FOREIGN KEY ("region_id","volunteer_id") REFERENCES "public"."volunteers"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_activity_fk" FOREIGN KEY ("region_id","activity_id") REFERENCES "public"."activities"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_reverses_fk" FOREIGN KEY ("region_id","reverses_id") REFERENCES "public"."volunteer_hours"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_org_fk" FOREIGN KEY ("region_id","owner_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_alliance_fk" FOREIGN KEY ("region_id","owner_alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_unit_fk" FOREIGN KEY ("region_id","owner_unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_team_fk" FOREIGN KEY ("region_id","team_id") REFERENCES "public"."volunteer_teams"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificates_number_uq" ON "volunteer_certificates" USING btree ("region_id","number");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_number_idx" ON "volunteer_certificates" USING btree ("number");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_volunteer_idx" ON "volunteer_certificates" USING btree ("region_id","volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_hours_reversal_uq" ON "volunteer_hours" USING btree ("region_id","reverses_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_hours_checkin_uq" ON "volunteer_hours" USING btree ("region_id","activity_id","volunteer_id") WHERE "volunteer_hours"."source" = 'checkin';--> statement-breakpoint
CREATE INDEX "volunteer_hours_day_idx" ON "volunteer_hours" USING btree ("region_id","volunteer_id","served_on");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_name_uq" ON "volunteer_teams" USING btree ("region_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_no_uq" ON "volunteers" USING btree ("region_id","volunteer_no");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_member_uq" ON "volunteers" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE INDEX "volunteers_team_idx" ON "volunteers" USING btree ("region_id","team_id");--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers). The hours ledger is append-only: UPDATE and DELETE are refused,
-- except the one-time confirmation or rejection of a pending entry (status, approved_by, approved_at; nothing else).
-- A correction is a reversing entry plus a new one. TRUNCATE (restore --force of a whole backup) is not refused.
CREATE FUNCTION "volunteer_hours_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected')
     AND (NEW.region_id, NEW.id, NEW.volunteer_id, NEW.activity_id, NEW.description, NEW.served_on, NEW.minutes, NEW.source,
          NEW.reverses_id, NEW.reason, NEW.recorded_by, NEW.recorded_at)
     IS NOT DISTINCT FROM (OLD.region_id, OLD.id, OLD.volunteer_id, OLD.activity_id, OLD.description, OLD.served_on, OLD.minutes, OLD.source,
          OLD.reverses_id, OLD.reason, OLD.recorded_by, OLD.recorded_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'volunteer_hours is append-only: % refused (record a reversing entry instead)', TG_OP
    USING ERRCODE = 'P0001', HINT = 'VOLUNTEER_HOURS_APPEND_ONLY';
END
$$;--> statement-breakpoint
CREATE TRIGGER "volunteer_hours_no_update" BEFORE UPDATE OR DELETE ON "volunteer_hours"
  FOR EACH ROW EXECUTE FUNCTION "volunteer_hours_append_only"();
