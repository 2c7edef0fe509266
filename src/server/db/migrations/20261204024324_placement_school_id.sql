-- the schools named on existing placements become partners of the placement's org (contact not known yet; the agreement from the first year placed)
INSERT INTO "school_partners" ("region_id", "id", "org_id", "name", "contact_name", "agreement_from", "created_at")
  SELECT "region_id", gen_random_uuid(), "org_id", "school", '', make_date(min("year"), 1, 1), now()
  FROM "talent_placements" GROUP BY "region_id", "org_id", "school";--> statement-breakpoint
UPDATE "talent_placements" p SET "school_id" = s."id" FROM "school_partners" s
  WHERE s."region_id" = p."region_id" AND s."org_id" = p."org_id" AND s."name" = p."school";--> statement-breakpoint
ALTER TABLE "talent_placements" ALTER COLUMN "school_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "talent_placements" DROP COLUMN "school";
