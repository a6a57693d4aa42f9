CREATE TABLE "lead_handovers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"handed_over_at" timestamp with time zone NOT NULL,
	"handed_over_by" uuid,
	"owner_id" uuid,
	"outcome" text,
	"reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "lead_handovers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "lead_handovers_outcome_ck" CHECK (outcome is null or outcome in ('accepted','rejected'))
);
--> statement-breakpoint
CREATE INDEX "lead_handovers_lead_idx" ON "lead_handovers" USING btree ("tenant_id","lead_id");--> statement-breakpoint
CREATE INDEX "lead_handovers_at_idx" ON "lead_handovers" USING btree ("tenant_id","handed_over_at");--> statement-breakpoint
CREATE INDEX "lead_handovers_decided_idx" ON "lead_handovers" USING btree ("tenant_id","decided_at") WHERE outcome = 'rejected';--> statement-breakpoint
-- The latest hand-over of each lead, as the leads still show it (earlier ones were not kept).
INSERT INTO "lead_handovers" ("tenant_id", "id", "lead_id", "handed_over_at", "handed_over_by", "owner_id", "outcome", "reason", "decided_at", "decided_by")
  SELECT "tenant_id", gen_random_uuid(), "id", "handed_over_at", "handed_over_by", "owner_id",
    CASE WHEN "accepted_at" IS NOT NULL THEN 'accepted' WHEN "rejected_at" >= "handed_over_at" THEN 'rejected' END,
    CASE WHEN "accepted_at" IS NULL AND "rejected_at" >= "handed_over_at" THEN "rejection_reason" END,
    CASE WHEN "accepted_at" IS NOT NULL THEN "accepted_at" WHEN "rejected_at" >= "handed_over_at" THEN "rejected_at" END,
    CASE WHEN "accepted_at" IS NOT NULL THEN "accepted_by" WHEN "rejected_at" >= "handed_over_at" THEN "rejected_by" END
  FROM "leads" WHERE "handed_over_at" IS NOT NULL;
