ALTER TABLE "tenants" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- One time zone per workspace: the lead settings' zone governed the SLA, recycle, claims and reports, so it becomes the
-- workspace's; pools no longer keep their own.
UPDATE "tenants" t SET "settings" = jsonb_set(t."settings", '{timeZone}', to_jsonb(ls."time_zone"))
  FROM "lead_settings" ls WHERE ls."tenant_id" = t."tenant_id";--> statement-breakpoint
UPDATE "pools" SET "claim_rules" = "claim_rules" - 'timeZone';--> statement-breakpoint
ALTER TABLE "lead_settings" DROP COLUMN "time_zone";--> statement-breakpoint
-- The admin role of existing workspaces gets the new workspace settings permission, as new workspaces do.
UPDATE "roles" SET "permissions" = array_append("permissions", 'admin.workspace')
  WHERE "key" = 'admin' AND NOT ('admin.workspace' = ANY("permissions"));
