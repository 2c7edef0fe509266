CREATE TABLE "investment_records" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"on" date NOT NULL,
	"place" text,
	"amount_fen" bigint,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "investment_records_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "mentoring_pairs" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"mentor_member_id" uuid NOT NULL,
	"mentee_name" text NOT NULL,
	"mentee_unit_id" uuid NOT NULL,
	"started_on" date NOT NULL,
	"outcome" text DEFAULT 'ongoing' NOT NULL,
	"took_over_on" date,
	"activity_ids" uuid[] DEFAULT '{}' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentoring_pairs_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "talent_placements" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"school" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"people" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "talent_placements_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "workflow_procedures" (
	"region_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"stages" jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "workflow_procedures_region_id_code_pk" PRIMARY KEY("region_id","code")
);
--> statement-breakpoint
ALTER TABLE "investment_records" ADD CONSTRAINT "investment_records_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_records" ADD CONSTRAINT "investment_records_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentor_fk" FOREIGN KEY ("region_id","mentor_member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_unit_fk" FOREIGN KEY ("region_id","mentee_unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_placements" ADD CONSTRAINT "talent_placements_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_placements" ADD CONSTRAINT "talent_placements_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_procedures" ADD CONSTRAINT "workflow_procedures_region_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "investment_records_org_idx" ON "investment_records" USING btree ("region_id","org_id","on");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_org_idx" ON "mentoring_pairs" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "talent_placements_org_idx" ON "talent_placements" USING btree ("region_id","org_id","year");