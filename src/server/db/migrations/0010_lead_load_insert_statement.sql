-- New leads count against their owners' capacity (库容) once per insert statement, not once per row: the statement's
-- inserted rows are grouped by owner and appended to lead_load_changes as one row per owner. A 500-lead capture batch
-- appended 500 rows under the routing lock (one trigger call each); now it appends one per rep it assigned to, and an
-- import or a COPY of a million leads appends one per owner instead of a million. Updates and deletes keep their row
-- triggers (a trigger with a transition table cannot name the columns it watches).
DROP TRIGGER "leads_load_insert" ON "leads";
--> statement-breakpoint
CREATE FUNCTION "lead_load_insert_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lead_load_changes (tenant_id, user_id, delta)
    SELECT tenant_id, owner_id, count(*)::int FROM inserted_leads
    WHERE lead_counts_against(owner_id, deleted_at, status)
    GROUP BY tenant_id, owner_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "leads_load_insert" AFTER INSERT ON "leads" REFERENCING NEW TABLE AS inserted_leads
  FOR EACH STATEMENT EXECUTE FUNCTION "lead_load_insert_rows"();
