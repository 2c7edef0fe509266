CREATE TABLE "activities" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"alliance_id" uuid,
	"series_id" uuid,
	"title" text NOT NULL,
	"topic" text,
	"place" text,
	"speaker" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"held_on" date NOT NULL,
	"checkin_opens_at" timestamp with time zone NOT NULL,
	"checkin_closes_at" timestamp with time zone NOT NULL,
	"checkin_code" text NOT NULL,
	"signup_open" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"status" text DEFAULT 'planned' NOT NULL,
	"minutes" text,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"lecture_team_id" uuid,
	"lecturer_member_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "activity_attendees" (
	"region_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"expected" boolean DEFAULT false NOT NULL,
	"signup" text,
	"signed_up_at" timestamp with time zone,
	"absence_reason" text,
	"service_hours" numeric(5, 2),
	"rating" smallint,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_attendees_region_id_activity_id_member_id_pk" PRIMARY KEY("region_id","activity_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "activity_checkins" (
	"region_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"by_user_id" uuid,
	CONSTRAINT "activity_checkins_region_id_activity_id_member_id_pk" PRIMARY KEY("region_id","activity_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "activity_series" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid,
	"alliance_id" uuid,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_series_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "compliance_rules" (
	"region_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"min_count" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_rules_region_id_kind_pk" PRIMARY KEY("region_id","kind")
);
--> statement-breakpoint
CREATE TABLE "courseware" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"url" text,
	"file_name" text,
	"file_size" integer,
	"content_type" text,
	"duration_minutes" integer,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courseware_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "courseware_progress" (
	"region_id" uuid NOT NULL,
	"courseware_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"first_viewed_at" timestamp with time zone NOT NULL,
	"last_viewed_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "courseware_progress_region_id_courseware_id_member_id_pk" PRIMARY KEY("region_id","courseware_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "lecture_requests" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"host_org_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"preferred_on" date,
	"note" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"activity_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecture_requests_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "lecture_teams" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecture_teams_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "lecturers" (
	"region_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecturers_region_id_team_id_member_id_pk" PRIMARY KEY("region_id","team_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" integer[] NOT NULL,
	"explanation" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempts" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"quiz_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"question_ids" uuid[] NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"correct_count" integer,
	"score" integer,
	CONSTRAINT "quiz_attempts_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "quizzes" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"alliance_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"question_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"question_count" integer NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"attempts_allowed" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quizzes_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_series_fk" FOREIGN KEY ("region_id","series_id") REFERENCES "public"."activity_series"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_attendees" ADD CONSTRAINT "activity_attendees_activity_fk" FOREIGN KEY ("region_id","activity_id") REFERENCES "public"."activities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_attendees" ADD CONSTRAINT "activity_attendees_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_checkins" ADD CONSTRAINT "activity_checkins_activity_fk" FOREIGN KEY ("region_id","activity_id") REFERENCES "public"."activities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_checkins" ADD CONSTRAINT "activity_checkins_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_series" ADD CONSTRAINT "activity_series_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courseware" ADD CONSTRAINT "courseware_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courseware_progress" ADD CONSTRAINT "courseware_progress_cw_fk" FOREIGN KEY ("region_id","courseware_id") REFERENCES "public"."courseware"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courseware_progress" ADD CONSTRAINT "courseware_progress_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_requests" ADD CONSTRAINT "lecture_requests_team_fk" FOREIGN KEY ("region_id","team_id") REFERENCES "public"."lecture_teams"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_requests" ADD CONSTRAINT "lecture_requests_host_fk" FOREIGN KEY ("region_id","host_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_requests" ADD CONSTRAINT "lecture_requests_activity_fk" FOREIGN KEY ("region_id","activity_id") REFERENCES "public"."activities"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_teams" ADD CONSTRAINT "lecture_teams_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturers" ADD CONSTRAINT "lecturers_team_fk" FOREIGN KEY ("region_id","team_id") REFERENCES "public"."lecture_teams"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecturers" ADD CONSTRAINT "lecturers_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_quiz_fk" FOREIGN KEY ("region_id","quiz_id") REFERENCES "public"."quizzes"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quizzes" ADD CONSTRAINT "quizzes_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_org_held_idx" ON "activities" USING btree ("region_id","org_id","held_on");--> statement-breakpoint
CREATE INDEX "activities_held_idx" ON "activities" USING btree ("region_id","held_on");--> statement-breakpoint
CREATE INDEX "activities_series_idx" ON "activities" USING btree ("region_id","series_id");--> statement-breakpoint
CREATE INDEX "activities_lecturer_idx" ON "activities" USING btree ("region_id","lecturer_member_id");--> statement-breakpoint
CREATE INDEX "activity_attendees_member_idx" ON "activity_attendees" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE INDEX "activity_checkins_member_idx" ON "activity_checkins" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_series_name_uq" ON "activity_series" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "courseware_org_idx" ON "courseware" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "courseware_progress_member_idx" ON "courseware_progress" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE INDEX "lecture_requests_team_idx" ON "lecture_requests" USING btree ("region_id","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lecture_teams_name_uq" ON "lecture_teams" USING btree ("region_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_stem_uq" ON "questions" USING btree ("region_id","stem");--> statement-breakpoint
CREATE INDEX "questions_tags_idx" ON "questions" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_no_uq" ON "quiz_attempts" USING btree ("region_id","quiz_id","member_id","attempt_no");--> statement-breakpoint
CREATE INDEX "quiz_attempts_member_idx" ON "quiz_attempts" USING btree ("region_id","member_id");