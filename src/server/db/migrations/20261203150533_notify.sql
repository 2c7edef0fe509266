CREATE TABLE "notify_channels" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"kinds" text[] NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notify_channels_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "notify_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"runs" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_messages" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"href" text,
	"notice_id" uuid,
	"item_key" text,
	"sender_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notify_messages_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "notify_notices" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"href" text,
	"activity_id" uuid,
	"sender_id" uuid,
	"sender_name" text,
	"recipients" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notify_notices_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "notify_outbox" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notify_outbox_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "notify_messages" ADD CONSTRAINT "notify_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_notices" ADD CONSTRAINT "notify_notices_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_outbox" ADD CONSTRAINT "notify_outbox_channel_fk" FOREIGN KEY ("region_id","channel_id") REFERENCES "public"."notify_channels"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notify_messages_item_uq" ON "notify_messages" USING btree ("region_id","user_id","item_key");--> statement-breakpoint
CREATE INDEX "notify_messages_user_idx" ON "notify_messages" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notify_messages_unread_idx" ON "notify_messages" USING btree ("user_id") WHERE "notify_messages"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notify_notices_org_idx" ON "notify_notices" USING btree ("region_id","org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notify_outbox_ref_uq" ON "notify_outbox" USING btree ("region_id","channel_id","ref");--> statement-breakpoint
CREATE INDEX "notify_outbox_due_idx" ON "notify_outbox" USING btree ("next_attempt_at") WHERE "notify_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notify_outbox_status_idx" ON "notify_outbox" USING btree ("region_id","status","created_at");