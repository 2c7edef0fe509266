CREATE TABLE "agenda_items" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"party" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	"need_id" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decision" text,
	"proposed_by" uuid,
	"proposed_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agenda_items_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "agenda_items_status_ck" CHECK ("agenda_items"."status" in ('proposed', 'accepted', 'deferred'))
);
--> statement-breakpoint
CREATE TABLE "joint_hosts" (
	"region_id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"party" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	CONSTRAINT "joint_hosts_region_id_alliance_id_year_pk" PRIMARY KEY("region_id","alliance_id","year")
);
--> statement-breakpoint
CREATE TABLE "joint_roles" (
	"region_id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"party" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	"position" integer NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"liaison_user_id" uuid,
	"liaison_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "joint_roles_region_id_alliance_id_party_pk" PRIMARY KEY("region_id","alliance_id","party"),
	CONSTRAINT "joint_roles_role_ck" CHECK ("joint_roles"."role" in ('chair', 'vice_chair', 'member')),
	CONSTRAINT "joint_roles_party_ck" CHECK ("joint_roles"."unit_id" is not null or "joint_roles"."org_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "meeting_actions" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"title" text NOT NULL,
	"party" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	"due_on" date NOT NULL,
	"meeting_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"done_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_actions_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "meeting_actions_status_ck" CHECK ("meeting_actions"."status" in ('open', 'in_progress', 'done')),
	CONSTRAINT "meeting_actions_due_ck" CHECK ("meeting_actions"."due_on" >= "meeting_actions"."meeting_on"),
	CONSTRAINT "meeting_actions_done_ck" CHECK (("meeting_actions"."status" = 'done') = ("meeting_actions"."done_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "meeting_attendees" (
	"region_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"party" text NOT NULL,
	"unit_id" uuid,
	"org_id" uuid,
	"attendee_name" text,
	"checked_in_at" timestamp with time zone,
	CONSTRAINT "meeting_attendees_region_id_meeting_id_party_pk" PRIMARY KEY("region_id","meeting_id","party")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"host_party" text,
	"host_unit_id" uuid,
	"host_org_id" uuid,
	"agenda_days" integer DEFAULT 7 NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"recorder_name" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "meetings_kind_ck" CHECK ("meetings"."kind" in ('plenary', 'liaison', 'ad_hoc')),
	CONSTRAINT "meetings_agenda_days_ck" CHECK ("meetings"."agenda_days" between 0 and 60)
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_fk" FOREIGN KEY ("region_id","meeting_id") REFERENCES "public"."meetings"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_need_fk" FOREIGN KEY ("region_id","need_id") REFERENCES "public"."needs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_hosts" ADD CONSTRAINT "joint_hosts_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_hosts" ADD CONSTRAINT "joint_hosts_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_hosts" ADD CONSTRAINT "joint_hosts_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_roles" ADD CONSTRAINT "joint_roles_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_roles" ADD CONSTRAINT "joint_roles_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_roles" ADD CONSTRAINT "joint_roles_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_meeting_fk" FOREIGN KEY ("region_id","meeting_id") REFERENCES "public"."meetings"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_item_fk" FOREIGN KEY ("region_id","agenda_item_id") REFERENCES "public"."agenda_items"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_meeting_fk" FOREIGN KEY ("region_id","meeting_id") REFERENCES "public"."meetings"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_unit_fk" FOREIGN KEY ("region_id","unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_alliance_fk" FOREIGN KEY ("region_id","alliance_id") REFERENCES "public"."alliances"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_host_unit_fk" FOREIGN KEY ("region_id","host_unit_id") REFERENCES "public"."units"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_host_org_fk" FOREIGN KEY ("region_id","host_org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_items_meeting_idx" ON "agenda_items" USING btree ("region_id","meeting_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "joint_roles_chair_uq" ON "joint_roles" USING btree ("region_id","alliance_id") WHERE role = 'chair';--> statement-breakpoint
CREATE INDEX "meeting_actions_alliance_idx" ON "meeting_actions" USING btree ("region_id","alliance_id","status","due_on");--> statement-breakpoint
CREATE INDEX "meeting_actions_unit_idx" ON "meeting_actions" USING btree ("region_id","unit_id");--> statement-breakpoint
CREATE INDEX "meeting_actions_org_idx" ON "meeting_actions" USING btree ("region_id","org_id");--> statement-breakpoint
CREATE INDEX "meetings_alliance_idx" ON "meetings" USING btree ("region_id","alliance_id","held_on");