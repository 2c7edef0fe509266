CREATE TABLE "ledger_accounts" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ledger_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"no_negative" boolean DEFAULT false NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"pending_debits" bigint DEFAULT 0 NOT NULL,
	"pending_credits" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "ledger_accounts_no_negative" CHECK (not "ledger_accounts"."no_negative" or "ledger_accounts"."balance" - "ledger_accounts"."pending_debits" >= 0),
	CONSTRAINT "ledger_accounts_pending_nonneg" CHECK ("ledger_accounts"."pending_debits" >= 0 and "ledger_accounts"."pending_credits" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_idempotency" (
	"region_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_idempotency_region_id_scope_key_pk" PRIMARY KEY("region_id","scope","key")
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ledger_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"leg" integer NOT NULL,
	"flow" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"pending_id" uuid,
	"timeout_at" timestamp with time zone,
	"reverses_id" uuid,
	"booked_on" date NOT NULL,
	"code" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"ref_type" text,
	"ref_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_transfers_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "ledger_transfers_amount_positive" CHECK ("ledger_transfers"."amount" > 0),
	CONSTRAINT "ledger_transfers_two_accounts" CHECK ("ledger_transfers"."debit_account_id" <> "ledger_transfers"."credit_account_id"),
	CONSTRAINT "ledger_transfers_flow" CHECK ("ledger_transfers"."flow" in ('posted', 'pending', 'post', 'void')),
	CONSTRAINT "ledger_transfers_pending_link" CHECK (("ledger_transfers"."flow" in ('post', 'void')) = ("ledger_transfers"."pending_id" is not null)),
	CONSTRAINT "ledger_transfers_timeout" CHECK (("ledger_transfers"."flow" = 'pending') = ("ledger_transfers"."timeout_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "ledgers" (
	"region_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"closed_through" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledgers_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_ledger_fk" FOREIGN KEY ("region_id","ledger_id") REFERENCES "public"."ledgers"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_ledger_fk" FOREIGN KEY ("region_id","ledger_id") REFERENCES "public"."ledgers"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_debit_fk" FOREIGN KEY ("region_id","debit_account_id") REFERENCES "public"."ledger_accounts"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_credit_fk" FOREIGN KEY ("region_id","credit_account_id") REFERENCES "public"."ledger_accounts"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledgers" ADD CONSTRAINT "ledgers_org_fk" FOREIGN KEY ("region_id","org_id") REFERENCES "public"."orgs"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_code_uq" ON "ledger_accounts" USING btree ("region_id","ledger_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_pending_uq" ON "ledger_transfers" USING btree ("region_id","pending_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_reverses_uq" ON "ledger_transfers" USING btree ("region_id","reverses_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_ledger_idx" ON "ledger_transfers" USING btree ("region_id","ledger_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_transfers_debit_idx" ON "ledger_transfers" USING btree ("region_id","debit_account_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_credit_idx" ON "ledger_transfers" USING btree ("region_id","credit_account_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_posting_idx" ON "ledger_transfers" USING btree ("region_id","posting_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_ref_idx" ON "ledger_transfers" USING btree ("region_id","ref_type","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledgers_code_uq" ON "ledgers" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "ledgers_org_idx" ON "ledgers" USING btree ("region_id","org_id");--> statement-breakpoint
-- Append-only: a posted entry is never updated or deleted, whoever asks (a correction is a reversing transfer).
-- Hand-written (drizzle-kit does not generate triggers); TRUNCATE (restore --force of a whole backup) is not refused.
CREATE FUNCTION "ledger_transfers_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_transfers is append-only: % refused (post a reversing transfer instead)', TG_OP
    USING ERRCODE = 'P0001', HINT = 'LEDGER_APPEND_ONLY';
END
$$;--> statement-breakpoint
CREATE TRIGGER "ledger_transfers_no_update" BEFORE UPDATE OR DELETE ON "ledger_transfers"
  FOR EACH ROW EXECUTE FUNCTION "ledger_transfers_append_only"();
