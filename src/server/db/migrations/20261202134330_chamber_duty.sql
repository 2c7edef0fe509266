CREATE TABLE "duty_evidence" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"value" integer NOT NULL,
	"note" text,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_evidence_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "duty_items" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"committee_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"scope" text NOT NULL,
	"alliance_id" uuid,
	"branch_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"weight" integer NOT NULL,
	"indicator" text NOT NULL,
	"target" integer NOT NULL,
	"source" text NOT NULL,
	"stage" text,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "duty_items_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "duty_publications" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"point" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "duty_publications_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "duty_reports" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"reviews" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" text,
	"snapshot" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_reports_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "duty_evidence" ADD CONSTRAINT "duty_evidence_item_fk" FOREIGN KEY ("region_id","item_id") REFERENCES "public"."duty_items"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_evidence" ADD CONSTRAINT "duty_evidence_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_items" ADD CONSTRAINT "duty_items_committee_fk" FOREIGN KEY ("region_id","committee_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_publications" ADD CONSTRAINT "duty_publications_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_reports" ADD CONSTRAINT "duty_reports_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_evidence_org_idx" ON "duty_evidence" USING btree ("region_id","org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_items_code_uq" ON "duty_items" USING btree ("region_id","committee_id","year","code");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_publications_point_uq" ON "duty_publications" USING btree ("region_id","org_id","year","point");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_reports_version_uq" ON "duty_reports" USING btree ("region_id","org_id","year","version");