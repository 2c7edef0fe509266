CREATE TABLE "meeting_action_files" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_action_files_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD COLUMN "link_kind" text;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD COLUMN "link_id" uuid;--> statement-breakpoint
ALTER TABLE "need_claims" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "need_claims" ADD COLUMN "withdrawn_by" uuid;--> statement-breakpoint
ALTER TABLE "need_claims" ADD COLUMN "withdrawn_by_name" text;--> statement-breakpoint
ALTER TABLE "need_claims" ADD COLUMN "withdraw_reason" text;--> statement-breakpoint
ALTER TABLE "need_dispatches" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "need_dispatches" ADD COLUMN "withdraw_reason" text;--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "slot_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_action_files" ADD CONSTRAINT "meeting_action_files_action_fk" FOREIGN KEY ("region_id","action_id") REFERENCES "public"."meeting_actions"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_action_files_action_idx" ON "meeting_action_files" USING btree ("region_id","action_id","created_at");--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_link_ck" CHECK (("meeting_actions"."link_kind" is null) = ("meeting_actions"."link_id" is null) and ("meeting_actions"."link_kind" is null or "meeting_actions"."link_kind" in ('need', 'project')));--> statement-breakpoint
-- claims so far were numbered from claimed: carry on from there
UPDATE "needs" SET "slot_seq" = "claimed";--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_slot_seq_ck" CHECK ("needs"."slot_seq" >= "needs"."claimed");