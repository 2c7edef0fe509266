CREATE TABLE "coprojects" (
	"region_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"need_id" uuid,
	"resource_id" uuid,
	"agenda_item_id" uuid,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coprojects_region_id_project_id_pk" PRIMARY KEY("region_id","project_id"),
	CONSTRAINT "coprojects_source_ck" CHECK ("coprojects"."need_id" is not null or "coprojects"."agenda_item_id" is not null),
	CONSTRAINT "coprojects_resource_ck" CHECK ("coprojects"."resource_id" is null or "coprojects"."need_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "coprojects" ADD CONSTRAINT "coprojects_project_fk" FOREIGN KEY ("region_id","project_id") REFERENCES "public"."projects"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coprojects" ADD CONSTRAINT "coprojects_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coprojects" ADD CONSTRAINT "coprojects_need_fk" FOREIGN KEY ("region_id","need_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coprojects" ADD CONSTRAINT "coprojects_resource_fk" FOREIGN KEY ("region_id","resource_id") REFERENCES "public"."resources"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coprojects" ADD CONSTRAINT "coprojects_item_fk" FOREIGN KEY ("region_id","agenda_item_id") REFERENCES "public"."agenda_items"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coprojects_need_uq" ON "coprojects" USING btree ("region_id","need_id") WHERE "coprojects"."need_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "coprojects_item_uq" ON "coprojects" USING btree ("region_id","agenda_item_id") WHERE "coprojects"."agenda_item_id" is not null;--> statement-breakpoint
CREATE INDEX "coprojects_alliance_idx" ON "coprojects" USING btree ("region_id","alliance_id");