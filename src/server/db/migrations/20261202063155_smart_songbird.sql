CREATE TABLE "agency_services" (
	"region_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"service" text NOT NULL,
	"note" text,
	CONSTRAINT "agency_services_region_id_unit_id_service_pk" PRIMARY KEY("region_id","unit_id","service")
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"service" text NOT NULL,
	"detail" text NOT NULL,
	"agency_id" uuid,
	"dispatched_at" timestamp with time zone,
	"result" text,
	"handed_back" integer DEFAULT 0 NOT NULL,
	"last_hand_back" text,
	CONSTRAINT "service_requests_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "agency_services" ADD CONSTRAINT "agency_services_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_case_fk" FOREIGN KEY ("region_id","id") REFERENCES "public"."cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_agency_fk" FOREIGN KEY ("region_id","agency_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_requests_unit_idx" ON "service_requests" USING btree ("region_id","unit_id");--> statement-breakpoint
CREATE INDEX "service_requests_agency_idx" ON "service_requests" USING btree ("region_id","agency_id");--> statement-breakpoint
CREATE INDEX "service_requests_org_idx" ON "service_requests" USING btree ("region_id","org_id");