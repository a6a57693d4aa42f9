DROP INDEX "audit_log_at_idx";--> statement-breakpoint
DROP INDEX "accounts_owner_idx";--> statement-breakpoint
DROP INDEX "accounts_updated_idx";--> statement-breakpoint
DROP INDEX "contacts_updated_idx";--> statement-breakpoint
CREATE INDEX "accounts_created_idx" ON "accounts" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "accounts_name_sort_idx" ON "accounts" USING btree ("tenant_id","name","id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("tenant_id","at","id");--> statement-breakpoint
CREATE INDEX "accounts_owner_idx" ON "accounts" USING btree ("tenant_id","owner_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "accounts_updated_idx" ON "accounts" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("tenant_id","updated_at","id");