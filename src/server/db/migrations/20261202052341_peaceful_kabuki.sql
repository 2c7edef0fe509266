CREATE TABLE "case_assignments" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"unit_id" uuid,
	"name" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by" uuid,
	"ended_at" timestamp with time zone,
	CONSTRAINT "case_assignments_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"actor_id" uuid,
	"actor_name" text,
	"note" text,
	"data" jsonb,
	CONSTRAINT "case_events_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_files" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_files_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_ratings" (
	"region_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"value" integer NOT NULL,
	"comment" text,
	"rated_by" uuid,
	"rated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_ratings_region_id_case_id_subject_pk" PRIMARY KEY("region_id","case_id","subject")
);
--> statement-breakpoint
CREATE TABLE "case_stage_limits" (
	"region_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"days" integer NOT NULL,
	"working_days" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_stage_limits_region_id_kind_stage_pk" PRIMARY KEY("region_id","kind","stage")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"stage" text NOT NULL,
	"stage_since" timestamp with time zone NOT NULL,
	"clock_from" timestamp with time zone,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "mediation_agreements" (
	"region_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"signed_on" date NOT NULL,
	"responsibility" text NOT NULL,
	"terms" jsonb NOT NULL,
	"performance" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mediation_agreements_region_id_case_id_pk" PRIMARY KEY("region_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "mediation_cases" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"dispute_type" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"facts" text NOT NULL,
	"outcome" text,
	"failure_reason" text,
	"transfer_to" text,
	"extension_consent" text,
	"party_count" integer NOT NULL,
	CONSTRAINT "mediation_cases_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "mediation_follow_ups" (
	"region_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mediation_follow_ups_region_id_case_id_pk" PRIMARY KEY("region_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "mediation_parties" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"id_number" text,
	"address" text,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "mediation_parties_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"record" text NOT NULL,
	"recorded_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mediation_sessions_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_ratings" ADD CONSTRAINT "case_ratings_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_agreements" ADD CONSTRAINT "mediation_agreements_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."mediation_cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_case_fk" FOREIGN KEY ("region_id","id") REFERENCES "public"."cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_follow_ups" ADD CONSTRAINT "mediation_follow_ups_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."mediation_cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."mediation_cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_case_fk" FOREIGN KEY ("region_id","case_id") REFERENCES "public"."mediation_cases"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assignments_case_idx" ON "case_assignments" USING btree ("region_id","case_id");--> statement-breakpoint
CREATE INDEX "case_assignments_user_idx" ON "case_assignments" USING btree ("region_id","user_id");--> statement-breakpoint
CREATE INDEX "case_assignments_unit_idx" ON "case_assignments" USING btree ("region_id","unit_id");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("region_id","case_id","at");--> statement-breakpoint
CREATE INDEX "case_files_case_idx" ON "case_files" USING btree ("region_id","case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_uq" ON "cases" USING btree ("region_id","kind","year","seq");--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("region_id","kind","due_at");--> statement-breakpoint
CREATE INDEX "cases_org_idx" ON "cases" USING btree ("region_id","kind","org_id");--> statement-breakpoint
CREATE INDEX "mediation_cases_register_idx" ON "mediation_cases" USING btree ("region_id","year","dispute_type");--> statement-breakpoint
CREATE INDEX "mediation_cases_org_idx" ON "mediation_cases" USING btree ("region_id","org_id","year");--> statement-breakpoint
CREATE INDEX "mediation_parties_case_idx" ON "mediation_parties" USING btree ("region_id","case_id");--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation_sessions" USING btree ("region_id","case_id","held_at");