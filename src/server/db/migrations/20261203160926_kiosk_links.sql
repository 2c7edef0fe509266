CREATE TABLE "kiosk_links" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"name" text NOT NULL,
	"keys" text[],
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"token" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "kiosk_links_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "kiosk_links" ADD CONSTRAINT "kiosk_links_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_links_token_uq" ON "kiosk_links" USING btree ("region_id","token");--> statement-breakpoint
CREATE INDEX "kiosk_links_token_idx" ON "kiosk_links" USING btree ("token");