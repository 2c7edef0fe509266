CREATE TABLE "volunteer_team_members" (
	"region_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_team_members_region_id_team_id_volunteer_id_pk" PRIMARY KEY("region_id","team_id","volunteer_id")
);
--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_team_fk" FOREIGN KEY ("region_id","team_id") REFERENCES "public"."volunteer_teams"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_volunteer_fk" FOREIGN KEY ("region_id","volunteer_id") REFERENCES "public"."volunteers"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_team_members_volunteer_idx" ON "volunteer_team_members" USING btree ("region_id","volunteer_id");--> statement-breakpoint
ALTER TABLE "volunteer_hours" ADD CONSTRAINT "volunteer_hours_team_fk" FOREIGN KEY ("region_id","team_id") REFERENCES "public"."volunteer_teams"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written: every volunteer is a member of the team that registered them (volunteers.team_id).
INSERT INTO "volunteer_team_members" ("region_id", "team_id", "volunteer_id", "joined_on", "created_at")
  SELECT "region_id", "team_id", "id", "joined_on", "created_at" FROM "volunteers";--> statement-breakpoint
-- the ledger stays append-only with its new column: team_id cannot change either
CREATE OR REPLACE FUNCTION "volunteer_hours_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected')
     AND (NEW.region_id, NEW.id, NEW.volunteer_id, NEW.team_id, NEW.activity_id, NEW.description, NEW.served_on, NEW.minutes, NEW.source,
          NEW.reverses_id, NEW.reason, NEW.recorded_by, NEW.recorded_at)
     IS NOT DISTINCT FROM (OLD.region_id, OLD.id, OLD.volunteer_id, OLD.team_id, OLD.activity_id, OLD.description, OLD.served_on, OLD.minutes, OLD.source,
          OLD.reverses_id, OLD.reason, OLD.recorded_by, OLD.recorded_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'volunteer_hours is append-only: % refused (record a reversing entry instead)', TG_OP
    USING ERRCODE = 'P0001', HINT = 'VOLUNTEER_HOURS_APPEND_ONLY';
END
$$;
