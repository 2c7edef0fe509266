CREATE TABLE "cluster_attachments" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cluster_attachments_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "contest_criteria" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contest_id" uuid NOT NULL,
	"name" text NOT NULL,
	"max_points" integer NOT NULL,
	"weight" integer NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contest_criteria_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "contest_entries" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contest_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contest_entries_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "contest_judges" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contest_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"org_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_judges_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "contest_scores" (
	"region_id" uuid NOT NULL,
	"contest_id" uuid NOT NULL,
	"judge_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"points" numeric(7, 2) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_scores_region_id_contest_id_judge_id_entry_id_criterion_id_pk" PRIMARY KEY("region_id","contest_id","judge_id","entry_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"title" text NOT NULL,
	"quarter" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"category_weights" jsonb NOT NULL,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"results" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contests_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "plaque_campaigns" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"org_id" uuid NOT NULL,
	"day" date,
	"target" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plaque_campaigns_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "plaque_household_members" (
	"region_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "plaque_household_members_region_id_household_id_member_id_pk" PRIMARY KEY("region_id","household_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "plaque_households" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"campaign_id" uuid,
	"building" text NOT NULL,
	"room" text,
	"token" text NOT NULL,
	"token_active" boolean DEFAULT true NOT NULL,
	"door_state" text DEFAULT 'pending' NOT NULL,
	"door_on" date,
	"board_state" text DEFAULT 'pending' NOT NULL,
	"board_on" date,
	"stair_state" text DEFAULT 'pending' NOT NULL,
	"stair_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plaque_households_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "pledge_categories" (
	"region_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pledge_categories_region_id_code_pk" PRIMARY KEY("region_id","code")
);
--> statement-breakpoint
CREATE TABLE "pledges" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"category" text NOT NULL,
	"content" text NOT NULL,
	"is_public" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"review_comment" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pledges_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "project_milestones" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "project_milestones_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "project_reports" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"milestone_id" uuid,
	"reported_on" date NOT NULL,
	"text" text NOT NULL,
	"progress" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_reports_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"level" text NOT NULL,
	"org_id" uuid NOT NULL,
	"alliance_id" uuid,
	"category" text NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"people" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "contest_criteria" ADD CONSTRAINT "contest_criteria_contest_fk" FOREIGN KEY ("region_id","contest_id") REFERENCES "public"."contests"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_contest_fk" FOREIGN KEY ("region_id","contest_id") REFERENCES "public"."contests"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_project_fk" FOREIGN KEY ("region_id","project_id") REFERENCES "public"."projects"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_judges" ADD CONSTRAINT "contest_judges_contest_fk" FOREIGN KEY ("region_id","contest_id") REFERENCES "public"."contests"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_judges" ADD CONSTRAINT "contest_judges_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_scores" ADD CONSTRAINT "contest_scores_contest_fk" FOREIGN KEY ("region_id","contest_id") REFERENCES "public"."contests"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_scores" ADD CONSTRAINT "contest_scores_judge_fk" FOREIGN KEY ("region_id","judge_id") REFERENCES "public"."contest_judges"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_scores" ADD CONSTRAINT "contest_scores_entry_fk" FOREIGN KEY ("region_id","entry_id") REFERENCES "public"."contest_entries"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_scores" ADD CONSTRAINT "contest_scores_criterion_fk" FOREIGN KEY ("region_id","criterion_id") REFERENCES "public"."contest_criteria"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaque_campaigns" ADD CONSTRAINT "plaque_campaigns_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaque_household_members" ADD CONSTRAINT "plaque_household_members_household_fk" FOREIGN KEY ("region_id","household_id") REFERENCES "public"."plaque_households"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaque_household_members" ADD CONSTRAINT "plaque_household_members_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaque_households" ADD CONSTRAINT "plaque_households_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaque_households" ADD CONSTRAINT "plaque_households_campaign_fk" FOREIGN KEY ("region_id","campaign_id") REFERENCES "public"."plaque_campaigns"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_categories" ADD CONSTRAINT "pledge_categories_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_project_fk" FOREIGN KEY ("region_id","project_id") REFERENCES "public"."projects"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_reports" ADD CONSTRAINT "project_reports_project_fk" FOREIGN KEY ("region_id","project_id") REFERENCES "public"."projects"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_reports" ADD CONSTRAINT "project_reports_milestone_fk" FOREIGN KEY ("region_id","milestone_id") REFERENCES "public"."project_milestones"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_attachments_owner_idx" ON "cluster_attachments" USING btree ("region_id","owner_kind","owner_id");--> statement-breakpoint
CREATE INDEX "contest_criteria_contest_idx" ON "contest_criteria" USING btree ("region_id","contest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_entries_project_uq" ON "contest_entries" USING btree ("region_id","contest_id","project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_judges_user_uq" ON "contest_judges" USING btree ("region_id","contest_id","user_id");--> statement-breakpoint
CREATE INDEX "contests_alliance_idx" ON "contests" USING btree ("region_id","alliance_id");--> statement-breakpoint
CREATE INDEX "plaque_household_members_member_idx" ON "plaque_household_members" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE INDEX "plaque_households_token_idx" ON "plaque_households" USING btree ("token");--> statement-breakpoint
CREATE INDEX "plaque_households_org_idx" ON "plaque_households" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "plaque_households_campaign_idx" ON "plaque_households" USING btree ("region_id","campaign_id");--> statement-breakpoint
CREATE INDEX "pledges_member_idx" ON "pledges" USING btree ("region_id","member_id","year");--> statement-breakpoint
CREATE INDEX "pledges_org_idx" ON "pledges" USING btree ("region_id","org_id","year");--> statement-breakpoint
CREATE INDEX "project_milestones_project_idx" ON "project_milestones" USING btree ("region_id","project_id");--> statement-breakpoint
CREATE INDEX "project_reports_project_idx" ON "project_reports" USING btree ("region_id","project_id");--> statement-breakpoint
CREATE INDEX "projects_org_idx" ON "projects" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "projects_alliance_idx" ON "projects" USING btree ("region_id","alliance_id");