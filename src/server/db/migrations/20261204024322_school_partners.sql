CREATE TABLE "school_partners" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text,
	"agreement_from" date NOT NULL,
	"agreement_to" date,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "school_partners_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "school_partners_name_uq" UNIQUE("region_id","org_id","name")
);
--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD COLUMN "mentee_member_id" uuid;--> statement-breakpoint
ALTER TABLE "talent_placements" ADD COLUMN "school_id" uuid;--> statement-breakpoint
ALTER TABLE "school_partners" ADD CONSTRAINT "school_partners_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentee_fk" FOREIGN KEY ("region_id","mentee_member_id") REFERENCES "public"."members"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_placements" ADD CONSTRAINT "talent_placements_school_fk" FOREIGN KEY ("region_id","school_id") REFERENCES "public"."school_partners"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "talent_placements_school_idx" ON "talent_placements" USING btree ("region_id","school_id");