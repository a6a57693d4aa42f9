CREATE TABLE "lead_load_changes" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "lead_load_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delta" integer NOT NULL,
	CONSTRAINT "lead_load_changes_tenant_id_user_id_id_pk" PRIMARY KEY("tenant_id","user_id","id")
);
--> statement-breakpoint
CREATE TABLE "rep_lead_loads" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"held" integer NOT NULL,
	CONSTRAINT "rep_lead_loads_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
DROP INDEX "leads_held_idx";
--> statement-breakpoint
-- A lead counts against its owner's capacity (库容) while it is held, live and open (not converted or invalid).
CREATE FUNCTION "lead_counts_against"(owner_id uuid, deleted_at timestamptz, status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT owner_id IS NOT NULL AND deleted_at IS NULL AND status NOT IN ('converted', 'invalid') $$;
--> statement-breakpoint
CREATE FUNCTION "lead_load_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND lead_counts_against(OLD.owner_id, OLD.deleted_at, OLD.status) THEN
    INSERT INTO lead_load_changes (tenant_id, user_id, delta) VALUES (OLD.tenant_id, OLD.owner_id, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND lead_counts_against(NEW.owner_id, NEW.deleted_at, NEW.status) THEN
    INSERT INTO lead_load_changes (tenant_id, user_id, delta) VALUES (NEW.tenant_id, NEW.owner_id, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "leads_load_insert" AFTER INSERT ON "leads" FOR EACH ROW
  WHEN (lead_counts_against(NEW.owner_id, NEW.deleted_at, NEW.status))
  EXECUTE FUNCTION "lead_load_change"();
--> statement-breakpoint
-- Only rows whose holding changes: a rescore moving a lead between nurturing and MQL writes nothing here.
CREATE TRIGGER "leads_load_update" AFTER UPDATE OF owner_id, status, deleted_at ON "leads" FOR EACH ROW
  WHEN (lead_counts_against(OLD.owner_id, OLD.deleted_at, OLD.status) IS DISTINCT FROM lead_counts_against(NEW.owner_id, NEW.deleted_at, NEW.status)
    OR (OLD.owner_id IS DISTINCT FROM NEW.owner_id AND lead_counts_against(OLD.owner_id, OLD.deleted_at, OLD.status)))
  EXECUTE FUNCTION "lead_load_change"();
--> statement-breakpoint
CREATE TRIGGER "leads_load_delete" AFTER DELETE ON "leads" FOR EACH ROW
  WHEN (lead_counts_against(OLD.owner_id, OLD.deleted_at, OLD.status))
  EXECUTE FUNCTION "lead_load_change"();
--> statement-breakpoint
INSERT INTO "rep_lead_loads" ("tenant_id", "user_id", "held")
  SELECT "tenant_id", "owner_id", count(*) FROM "leads"
  WHERE lead_counts_against(owner_id, deleted_at, status)
  GROUP BY "tenant_id", "owner_id";
