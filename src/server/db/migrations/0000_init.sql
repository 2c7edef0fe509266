CREATE TABLE "audit_log" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"ip" text,
	CONSTRAINT "audit_log_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grants_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"member_region_id" uuid,
	"member_id" uuid,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"locale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_orgs" (
	"region_id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "alliance_orgs_region_id_alliance_id_org_id_pk" PRIMARY KEY("region_id","alliance_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_units" (
	"region_id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "alliance_units_region_id_alliance_id_unit_id_pk" PRIMARY KEY("region_id","alliance_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "alliances" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"lead_org_id" uuid,
	"description" text,
	"founded_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliances_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "member_transfers" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"from_org_id" uuid NOT NULL,
	"to_region_id" uuid NOT NULL,
	"to_org_id" uuid NOT NULL,
	"to_member_id" uuid NOT NULL,
	"transferred_on" date NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_transfers_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"name_initials" text DEFAULT '' NOT NULL,
	"gender" text NOT NULL,
	"ethnicity" text,
	"birth_date" date NOT NULL,
	"id_number" text NOT NULL,
	"education" text,
	"occupation" text,
	"phone" text,
	"address" text,
	"stage" text NOT NULL,
	"applied_on" date,
	"activist_on" date,
	"candidate_on" date,
	"joined_on" date,
	"full_on" date,
	"status" text DEFAULT 'normal' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"path" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"secretary_name" text,
	"secretary_member_id" uuid,
	"founded_on" date,
	"term_start" date,
	"term_end" date,
	"unit_id" uuid,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orgs_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"district" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regions_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"industry" text,
	"staff_count" integer,
	"above_scale" boolean DEFAULT false NOT NULL,
	"address" text,
	"liaison_name" text,
	"liaison_phone" text,
	"org_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_orgs" ADD CONSTRAINT "alliance_orgs_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_orgs" ADD CONSTRAINT "alliance_orgs_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_units" ADD CONSTRAINT "alliance_units_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_units" ADD CONSTRAINT "alliance_units_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_lead_fk" FOREIGN KEY ("region_id","lead_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_member_fk" FOREIGN KEY ("region_id","member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_parent_fk" FOREIGN KEY ("region_id","parent_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_region_at_idx" ON "audit_log" USING btree ("region_id","at");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("region_id","entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("region_id","actor_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_uq" ON "grants" USING btree ("region_id","user_id","role","scope_kind","scope_id");--> statement-breakpoint
CREATE INDEX "grants_user_idx" ON "grants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "alliance_orgs_org_idx" ON "alliance_orgs" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "alliance_units_unit_idx" ON "alliance_units" USING btree ("region_id","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alliances_name_uq" ON "alliances" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "member_transfers_member_idx" ON "member_transfers" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_id_number_uq" ON "members" USING btree ("region_id","id_number");--> statement-breakpoint
CREATE INDEX "members_org_idx" ON "members" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "members" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "members_pinyin_idx" ON "members" USING btree ("region_id","name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_initials_idx" ON "members" USING btree ("region_id","name_initials" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_path_uq" ON "orgs" USING btree ("region_id","path");--> statement-breakpoint
CREATE INDEX "orgs_path_pattern_idx" ON "orgs" USING btree ("region_id","path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_parent_idx" ON "orgs" USING btree ("region_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_name_uq" ON "units" USING btree ("region_id","name");