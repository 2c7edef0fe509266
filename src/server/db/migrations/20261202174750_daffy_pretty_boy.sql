CREATE TABLE "need_resources" (
	"region_id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"linked_by" uuid,
	"linked_by_name" text,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_resources_region_id_need_id_resource_id_pk" PRIMARY KEY("region_id","need_id","resource_id")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"party" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"quantity" integer NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	"available_until" date,
	"visibility" text DEFAULT 'alliance' NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"offered_by" uuid,
	"offered_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resources_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "resources_quantity_ck" CHECK ("resources"."quantity" >= 1),
	CONSTRAINT "resources_party_ck" CHECK (("resources"."unit_id" is null) <> ("resources"."org_id" is null))
);
--> statement-breakpoint
ALTER TABLE "need_resources" ADD CONSTRAINT "need_resources_need_fk" FOREIGN KEY ("region_id","need_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_resources" ADD CONSTRAINT "need_resources_resource_fk" FOREIGN KEY ("region_id","resource_id") REFERENCES "public"."resources"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "need_resources_resource_idx" ON "need_resources" USING btree ("region_id","resource_id");--> statement-breakpoint
CREATE INDEX "resources_alliance_idx" ON "resources" USING btree ("region_id","alliance_id","category");--> statement-breakpoint
CREATE INDEX "resources_category_idx" ON "resources" USING btree ("region_id","category");