CREATE TABLE "lead_sla_outcomes" (
	"tenant_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"owner_id" uuid,
	"due_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lead_sla_outcomes_tenant_id_lead_id_assigned_at_pk" PRIMARY KEY("tenant_id","lead_id","assigned_at"),
	CONSTRAINT "lead_sla_outcomes_outcome_ck" CHECK (outcome in ('met','breached'))
);
--> statement-breakpoint
CREATE INDEX "lead_sla_outcomes_decided_idx" ON "lead_sla_outcomes" USING btree ("tenant_id","decided_at");--> statement-breakpoint
-- The SLAs decided before this table existed, as far as the leads still show them.
INSERT INTO "lead_sla_outcomes" ("tenant_id", "lead_id", "assigned_at", "owner_id", "due_at", "outcome", "decided_at")
  SELECT "tenant_id", "id", "assigned_at", "owner_id", "sla_due_at", "sla_state", COALESCE("first_touched_at", "sla_due_at")
  FROM "leads" WHERE "sla_state" IN ('met', 'breached') AND "assigned_at" IS NOT NULL AND "sla_due_at" IS NOT NULL;
