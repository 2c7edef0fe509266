DROP INDEX "members_org_idx";--> statement-breakpoint
DROP INDEX "members_name_idx";--> statement-breakpoint
CREATE INDEX "members_org_idx" ON "members" USING btree ("region_id","org_id","name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "members" USING btree ("region_id","name" text_pattern_ops);