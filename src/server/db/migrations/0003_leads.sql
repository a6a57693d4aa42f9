CREATE TABLE "lead_conflicts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"existing_lead_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"winner_lead_id" uuid,
	"decide_by" timestamp with time zone NOT NULL,
	"reason" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "lead_conflicts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "lead_follow_ups" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"method" text NOT NULL,
	"content" text NOT NULL,
	"is_valid" boolean NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"next_step" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_follow_ups_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "lead_forms" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"token" text NOT NULL,
	"source_type" text NOT NULL,
	"source" text NOT NULL,
	"channel" text,
	"campaign" text,
	"product_line" text,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"success_message" text,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"submissions" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_forms_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "lead_ownership" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_owner_id" uuid,
	"to_owner_id" uuid,
	"from_pool_id" uuid,
	"to_pool_id" uuid,
	"rule_id" uuid,
	"reason" text,
	"reason_en" text,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "lead_ownership_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "lead_touches" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"lead_id" uuid,
	"contact_id" uuid,
	"type" text NOT NULL,
	"label" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_touches_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "lead_touches_target_ck" CHECK (lead_id is not null or contact_id is not null)
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"company" text,
	"company_norm" text,
	"title" text,
	"mobile" text,
	"mobile_norm" text,
	"email" text,
	"email_norm" text,
	"wechat" text,
	"industry" text,
	"employee_size" text,
	"province" text,
	"city" text,
	"region" text,
	"product_line" text,
	"source_type" text NOT NULL,
	"source" text NOT NULL,
	"channel" text,
	"campaign" text,
	"utm" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"capture_method" text NOT NULL,
	"form_id" uuid,
	"status" text DEFAULT 'new' NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	"fit_score" integer DEFAULT 0 NOT NULL,
	"engagement_score" integer DEFAULT 0 NOT NULL,
	"tier" text DEFAULT 'D' NOT NULL,
	"score_explanation" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scoring_model_id" uuid,
	"scored_at" timestamp with time zone,
	"owner_id" uuid,
	"pool_id" uuid,
	"home_pool_id" uuid,
	"assigned_at" timestamp with time zone,
	"assignment_rule_id" uuid,
	"assignment_reason" jsonb,
	"first_touched_at" timestamp with time zone,
	"last_follow_up_at" timestamp with time zone,
	"sla_state" text DEFAULT 'none' NOT NULL,
	"sla_warn_at" timestamp with time zone,
	"sla_due_at" timestamp with time zone,
	"recycle_check_at" timestamp with time zone,
	"recycle_warned_at" timestamp with time zone,
	"is_locked" boolean DEFAULT false NOT NULL,
	"duplicate_of_id" uuid,
	"matched_account_id" uuid,
	"matched_contact_id" uuid,
	"sql_standard_id" uuid,
	"sql_checklist" jsonb,
	"handed_over_at" timestamp with time zone,
	"handed_over_by" uuid,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"rejection_reason" text,
	"rejection_note" text,
	"rejected_at" timestamp with time zone,
	"rejected_by" uuid,
	"invalid_reason" text,
	"converted_at" timestamp with time zone,
	"converted_account_id" uuid,
	"converted_contact_id" uuid,
	"notes" text,
	"custom" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "leads_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "leads_status_ck" CHECK (status in ('new','cleaning','nurturing','mql','sql','converted','invalid','returned')),
	CONSTRAINT "leads_source_type_ck" CHECK (source_type in ('active','passive')),
	CONSTRAINT "leads_owner_or_pool_ck" CHECK (owner_id is null or pool_id is null)
);
--> statement-breakpoint
CREATE TABLE "lead_settings" (
	"tenant_id" uuid NOT NULL,
	"sla_policy" jsonb NOT NULL,
	"conflict_protection_days" integer DEFAULT 7 NOT NULL,
	"default_capacity" integer DEFAULT 200 NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_settings_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "pool_members" (
	"tenant_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pool_members_tenant_id_pool_id_user_id_pk" PRIMARY KEY("tenant_id","pool_id","user_id"),
	CONSTRAINT "pool_members_role_ck" CHECK (role in ('member','admin'))
);
--> statement-breakpoint
CREATE TABLE "pools" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"claim_rules" jsonb NOT NULL,
	"recycle_rules" jsonb NOT NULL,
	"holding_limit" integer,
	"is_default" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "pools_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "rep_settings" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"capacity" integer DEFAULT 200 NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"is_available" boolean DEFAULT true NOT NULL,
	"unavailable_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rep_settings_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id"),
	CONSTRAINT "rep_settings_capacity_ck" CHECK (capacity >= 0 and weight >= 0)
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"conditions" jsonb NOT NULL,
	"target" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "routing_state" (
	"tenant_id" uuid NOT NULL,
	"state" jsonb NOT NULL,
	"assigned_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_state_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "scoring_models" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"activated_by" uuid,
	CONSTRAINT "scoring_models_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "scoring_models_status_ck" CHECK (status in ('draft','active','retired'))
);
--> statement-breakpoint
CREATE TABLE "sql_standards" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"items" jsonb NOT NULL,
	"min_checked" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"marketing_signed_by" uuid,
	"marketing_signed_at" timestamp with time zone,
	"sales_signed_by" uuid,
	"sales_signed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	CONSTRAINT "sql_standards_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sql_standards_status_ck" CHECK (status in ('draft','active','retired'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"event" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"body" text NOT NULL,
	"body_en" text NOT NULL,
	"entity_type" text,
	"entity_id" uuid,
	"dedupe_key" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"response_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhook_deliveries_status_ck" CHECK (status in ('pending','sent','failed'))
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"format" text NOT NULL,
	"secret" text,
	"events" text[] NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhooks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhooks_format_ck" CHECK (format in ('json','wecom','dingtalk','feishu'))
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"checkpoint" jsonb,
	"progress" jsonb,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "jobs_status_ck" CHECK (status in ('queued','running','done','failed'))
);
--> statement-breakpoint
ALTER TABLE "lead_conflicts" ADD CONSTRAINT "lead_conflicts_lead_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_conflicts" ADD CONSTRAINT "lead_conflicts_existing_fk" FOREIGN KEY ("tenant_id","existing_lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_follow_ups" ADD CONSTRAINT "lead_follow_ups_lead_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_ownership" ADD CONSTRAINT "lead_ownership_lead_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_touches" ADD CONSTRAINT "lead_touches_lead_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_duplicate_of_fk" FOREIGN KEY ("tenant_id","duplicate_of_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_pool_fk" FOREIGN KEY ("tenant_id","pool_id") REFERENCES "public"."pools"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_fk" FOREIGN KEY ("tenant_id","webhook_id") REFERENCES "public"."webhooks"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_conflicts_pending_idx" ON "lead_conflicts" USING btree ("tenant_id","decide_by") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "lead_follow_ups_lead_idx" ON "lead_follow_ups" USING btree ("tenant_id","lead_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_forms_token_uq" ON "lead_forms" USING btree ("tenant_id","token");--> statement-breakpoint
CREATE INDEX "lead_ownership_lead_idx" ON "lead_ownership" USING btree ("tenant_id","lead_id","at");--> statement-breakpoint
CREATE INDEX "lead_ownership_claims_idx" ON "lead_ownership" USING btree ("tenant_id","to_owner_id","at") WHERE action = 'claim';--> statement-breakpoint
CREATE UNIQUE INDEX "lead_touches_event_uq" ON "lead_touches" USING btree ("tenant_id","event_id");--> statement-breakpoint
CREATE INDEX "lead_touches_lead_idx" ON "lead_touches" USING btree ("tenant_id","lead_id","occurred_at") WHERE lead_id is not null;--> statement-breakpoint
CREATE INDEX "lead_touches_contact_idx" ON "lead_touches" USING btree ("tenant_id","contact_id","occurred_at") WHERE contact_id is not null;--> statement-breakpoint
CREATE INDEX "leads_updated_idx" ON "leads" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "leads_score_idx" ON "leads" USING btree ("tenant_id","score","id");--> statement-breakpoint
CREATE INDEX "leads_owner_idx" ON "leads" USING btree ("tenant_id","owner_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "leads_pool_idx" ON "leads" USING btree ("tenant_id","pool_id","updated_at","id") WHERE pool_id is not null;--> statement-breakpoint
CREATE INDEX "leads_status_idx" ON "leads" USING btree ("tenant_id","status","updated_at","id");--> statement-breakpoint
CREATE INDEX "leads_mobile_idx" ON "leads" USING btree ("tenant_id","mobile_norm") WHERE mobile_norm is not null;--> statement-breakpoint
CREATE INDEX "leads_email_idx" ON "leads" USING btree ("tenant_id","email_norm") WHERE email_norm is not null;--> statement-breakpoint
CREATE INDEX "leads_company_idx" ON "leads" USING btree ("tenant_id","company_norm") WHERE company_norm is not null;--> statement-breakpoint
CREATE INDEX "leads_company_trgm_idx" ON "leads" USING gin ("company_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_name_trgm_idx" ON "leads" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_sla_due_idx" ON "leads" USING btree ("tenant_id","sla_warn_at") WHERE sla_state in ('on_track','warning');--> statement-breakpoint
CREATE INDEX "leads_recycle_due_idx" ON "leads" USING btree ("tenant_id","recycle_check_at") WHERE recycle_check_at is not null;--> statement-breakpoint
CREATE INDEX "pool_members_user_idx" ON "pool_members" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pools_name_uq" ON "pools" USING btree ("tenant_id","name") WHERE deleted_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "pools_default_uq" ON "pools" USING btree ("tenant_id") WHERE is_default and deleted_at is null;--> statement-breakpoint
CREATE INDEX "routing_rules_position_idx" ON "routing_rules" USING btree ("tenant_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_models_version_uq" ON "scoring_models" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_models_active_uq" ON "scoring_models" USING btree ("tenant_id") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "sql_standards_version_uq" ON "sql_standards" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "sql_standards_active_uq" ON "sql_standards" USING btree ("tenant_id") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("tenant_id","user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("tenant_id","next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("tenant_id","webhook_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_uq" ON "jobs" USING btree ("tenant_id","dedupe_key") WHERE status in ('queued','running');--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE status in ('queued','running');--> statement-breakpoint
CREATE INDEX "jobs_kind_idx" ON "jobs" USING btree ("tenant_id","kind","created_at");
--> statement-breakpoint
-- Workspaces created before leads existed: give their built-in roles the lead permissions new workspaces get.
UPDATE "roles" SET "permissions" = (SELECT array_agg(DISTINCT p) FROM unnest("permissions" || CASE "key"
  WHEN 'admin' THEN ARRAY['leads.read','leads.write','leads.assign','leads.import','leads.export','leads.qualify','leads.accept','leads.convert','pools.claim','sql_standard.sign_marketing','sql_standard.sign_sales','admin.lead_rules','admin.pools','admin.webhooks']
  WHEN 'sales_manager' THEN ARRAY['leads.read','leads.write','leads.assign','leads.import','leads.export','leads.accept','leads.convert','pools.claim','sql_standard.sign_sales','admin.pools']
  WHEN 'sales_rep' THEN ARRAY['leads.read','leads.write','leads.accept','leads.convert','pools.claim']
  WHEN 'marketing' THEN ARRAY['leads.read','leads.write','leads.assign','leads.import','leads.export','leads.qualify','sql_standard.sign_marketing','admin.lead_rules']
  ELSE ARRAY[]::text[] END) AS p) WHERE "is_system";
