CREATE TABLE "figure_summaries" (
	"region_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"figure_key" text NOT NULL,
	"org_id" uuid,
	"unit_id" uuid,
	"alliance_id" uuid,
	"at" date,
	"n" bigint NOT NULL,
	"total" numeric NOT NULL,
	CONSTRAINT "figure_summaries_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "figure_summary_dirty" (
	"region_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"figure_key" text NOT NULL,
	"at" date,
	CONSTRAINT "figure_summary_dirty_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "figure_summaries" ADD CONSTRAINT "figure_summaries_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_summary_dirty" ADD CONSTRAINT "figure_summary_dirty_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "figure_summaries_day_idx" ON "figure_summaries" USING btree ("region_id","figure_key","at");--> statement-breakpoint
CREATE INDEX "figure_summary_dirty_key_idx" ON "figure_summary_dirty" USING btree ("region_id","figure_key");--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers or expression indexes). The per-day summaries of the figures
-- that declare one (platform/figures/summary.ts, docs/scaling.md "Figures at scale"): every write to a table a
-- summarised figure reads marks the days it touches (insert-only, so concurrent writers never wait on a marker row);
-- the engine recomputes the marked days from the figure's rows before it reads the summary. '-infinity' is every day.
-- activities.attendances reads activity_checkins ⋈ activities ⋈ members ⋈ orgs (members and activities with
-- check-ins cannot be deleted: the foreign keys refuse it, or cascade to the check-ins, whose trigger fires).
CREATE FUNCTION "figure_summary_checkins"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at) VALUES (OLD.region_id, 'activities.attendances', (OLD.at AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at) VALUES (NEW.region_id, 'activities.attendances', (NEW.at AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_mark" AFTER INSERT OR UPDATE OR DELETE ON "activity_checkins"
  FOR EACH ROW EXECUTE FUNCTION "figure_summary_checkins"();--> statement-breakpoint
-- an activity cancelled (or un-cancelled), or moved to another org or alliance: the days of its check-ins
CREATE FUNCTION "figure_summary_activities"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.status = 'cancelled') IS DISTINCT FROM (NEW.status = 'cancelled') OR OLD.org_id IS DISTINCT FROM NEW.org_id
     OR OLD.alliance_id IS DISTINCT FROM NEW.alliance_id THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at)
      SELECT DISTINCT OLD.region_id, 'activities.attendances', (c.at AT TIME ZONE 'Asia/Shanghai')::date
      FROM activity_checkins c WHERE c.region_id = OLD.region_id AND c.activity_id = OLD.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_mark" AFTER UPDATE ON "activities"
  FOR EACH ROW EXECUTE FUNCTION "figure_summary_activities"();--> statement-breakpoint
-- an org given another unit: its records hang elsewhere, every day
CREATE FUNCTION "figure_summary_orgs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.unit_id IS DISTINCT FROM NEW.unit_id THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at) VALUES (OLD.region_id, 'activities.attendances', '-infinity');
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_mark" AFTER UPDATE ON "orgs"
  FOR EACH ROW EXECUTE FUNCTION "figure_summary_orgs"();--> statement-breakpoint
-- venues.serviceHours reads volunteer_hours ⋈ volunteers ⋈ volunteer_teams (⟕ members for the name only)
CREATE FUNCTION "figure_summary_hours"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at) VALUES (OLD.region_id, 'venues.serviceHours', OLD.served_on);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at) VALUES (NEW.region_id, 'venues.serviceHours', NEW.served_on);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_mark" AFTER INSERT OR UPDATE OR DELETE ON "volunteer_hours"
  FOR EACH ROW EXECUTE FUNCTION "figure_summary_hours"();--> statement-breakpoint
-- a volunteer moved to another team or unit (or removed): the days of their hours
CREATE FUNCTION "figure_summary_volunteers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at)
      SELECT DISTINCT OLD.region_id, 'venues.serviceHours', h.served_on
      FROM volunteer_hours h WHERE h.region_id = OLD.region_id AND h.volunteer_id = OLD.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_mark" AFTER UPDATE OR DELETE ON "volunteers"
  FOR EACH ROW EXECUTE FUNCTION "figure_summary_volunteers"();--> statement-breakpoint
-- a team given another owner (or removed): every day
CREATE FUNCTION "figure_summary_teams"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (OLD.owner_org_id, OLD.owner_unit_id, OLD.owner_alliance_id) IS DISTINCT FROM (NEW.owner_org_id, NEW.owner_unit_id, NEW.owner_alliance_id) THEN
    INSERT INTO figure_summary_dirty (region_id, figure_key, at) VALUES (OLD.region_id, 'venues.serviceHours', '-infinity');
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_mark" AFTER UPDATE OR DELETE ON "volunteer_teams"
  FOR EACH ROW EXECUTE FUNCTION "figure_summary_teams"();--> statement-breakpoint
-- TRUNCATE of a source (not row by row): every day of every region
CREATE FUNCTION "figure_summary_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO figure_summary_dirty (region_id, figure_key, at) SELECT r.id, TG_ARGV[0], '-infinity' FROM regions r;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "figure_summary_truncate" AFTER TRUNCATE ON "activity_checkins" FOR EACH STATEMENT EXECUTE FUNCTION "figure_summary_truncate"('activities.attendances');--> statement-breakpoint
CREATE TRIGGER "figure_summary_truncate" AFTER TRUNCATE ON "volunteer_hours" FOR EACH STATEMENT EXECUTE FUNCTION "figure_summary_truncate"('venues.serviceHours');--> statement-breakpoint
-- recomputing a day reads only that day's rows
CREATE INDEX "activity_checkins_day_idx" ON "activity_checkins" USING btree ("region_id", ((at AT TIME ZONE 'Asia/Shanghai')::date));--> statement-breakpoint
CREATE INDEX "volunteer_hours_served_idx" ON "volunteer_hours" USING btree ("region_id", "served_on");--> statement-breakpoint
-- the records already there: every day of every region, built at the first read
INSERT INTO figure_summary_dirty (region_id, figure_key, at)
  SELECT r.id, k.k, '-infinity' FROM regions r CROSS JOIN (VALUES ('activities.attendances'), ('venues.serviceHours')) AS k(k);
