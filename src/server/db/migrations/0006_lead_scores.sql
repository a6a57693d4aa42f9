CREATE TABLE "lead_scores" (
	"tenant_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"fit_score" integer NOT NULL,
	"engagement_score" integer NOT NULL,
	"scoring_model_id" uuid,
	"scored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lead_scores_tenant_id_lead_id_pk" PRIMARY KEY("tenant_id","lead_id")
);
--> statement-breakpoint
DROP INDEX "leads_score_idx";--> statement-breakpoint
ALTER TABLE "lead_scores" ADD CONSTRAINT "lead_scores_lead_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_scores_score_idx" ON "lead_scores" USING btree ("tenant_id","score","lead_id");--> statement-breakpoint
INSERT INTO "lead_scores" ("tenant_id","lead_id","score","fit_score","engagement_score","scoring_model_id","scored_at")
  SELECT "tenant_id","id","score","fit_score","engagement_score","scoring_model_id",coalesce("scored_at","created_at") FROM "leads";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "score";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "fit_score";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "engagement_score";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "score_explanation";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "scoring_model_id";--> statement-breakpoint
ALTER TABLE "leads" DROP COLUMN "scored_at";