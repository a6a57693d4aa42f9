CREATE TABLE "lead_recycle_checks" (
	"tenant_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"check_at" timestamp with time zone NOT NULL,
	"warned_at" timestamp with time zone,
	CONSTRAINT "lead_recycle_checks_tenant_id_lead_id_pk" PRIMARY KEY("tenant_id","lead_id")
);
--> statement-breakpoint
DROP INDEX "leads_recycle_due_idx";--> statement-breakpoint
DROP INDEX "lead_conflicts_pending_idx";--> statement-breakpoint
DROP INDEX "leads_sla_due_idx";--> statement-breakpoint
ALTER TABLE "lead_recycle_checks" ADD CONSTRAINT "lead_recycle_checks_lead_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_recycle_checks_due_idx" ON "lead_recycle_checks" USING btree ("tenant_id","check_at","lead_id");--> statement-breakpoint
INSERT INTO "lead_recycle_checks" ("tenant_id","lead_id","check_at","warned_at")
  SELECT "tenant_id","id","recycle_check_at","recycle_warned_at" FROM "leads" WHERE "recycle_check_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "lead_conflicts_pending_idx" ON "lead_conflicts" USING btree ("tenant_id","decide_by","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "leads_sla_due_idx" ON "leads" USING btree ("tenant_id","sla_warn_at","id") WHERE sla_state in ('on_track','warning');--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "recycle_check_at";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "recycle_warned_at";