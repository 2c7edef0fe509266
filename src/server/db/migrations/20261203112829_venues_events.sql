CREATE TABLE "event_pages" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"fields" text[] NOT NULL,
	"capacity" integer NOT NULL,
	"units" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"token" text,
	"fund_name" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_pages_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "event_pages_capacity_ck" CHECK ("event_pages"."capacity" between 1 and 100000)
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"page_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text,
	"phone" text,
	"gender" text,
	"age_band" text,
	"status" text NOT NULL,
	"code" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	"ip" text,
	CONSTRAINT "event_registrations_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "event_registrations_status_ck" CHECK ("event_registrations"."status" in ('confirmed', 'waitlisted', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "event_takings" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"page_id" uuid NOT NULL,
	"payer" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"note" text,
	"status" text DEFAULT 'ready' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "event_takings_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "event_takings_amount_ck" CHECK ("event_takings"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "event_pages" ADD CONSTRAINT "event_pages_activity_fk" FOREIGN KEY ("region_id","activity_id") REFERENCES "public"."activities"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_page_fk" FOREIGN KEY ("region_id","page_id") REFERENCES "public"."event_pages"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_takings" ADD CONSTRAINT "event_takings_page_fk" FOREIGN KEY ("region_id","page_id") REFERENCES "public"."event_pages"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_pages_activity_uq" ON "event_pages" USING btree ("region_id","activity_id");--> statement-breakpoint
CREATE INDEX "event_pages_token_idx" ON "event_pages" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_code_uq" ON "event_registrations" USING btree ("region_id","page_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_phone_uq" ON "event_registrations" USING btree ("region_id","page_id","phone") WHERE "event_registrations"."phone" is not null and "event_registrations"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "event_registrations_page_idx" ON "event_registrations" USING btree ("region_id","page_id","status","registered_at");--> statement-breakpoint
CREATE INDEX "event_takings_page_idx" ON "event_takings" USING btree ("region_id","page_id");