// Writes one batch of checked lead rows through the capture pipeline (clean → 查重 → score → route), which runs the
// batch in one transaction: a failure leaves none of it behind. A row repeating an open lead is merged into it, and
// the row says which lead it went into.
import { and, eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import type { CreateLeadInput } from '../../../shared/lead-contracts.js';
import { captureLeads, leads } from '../leads/index.js';
import { leadLabel } from '../leads/leads.text.js';
import type { ImportRowError } from './imports.schema.js';
import type { PreparedRow } from './imports.rows.js';
import type { BatchOutcome, WriteContext } from './imports.write.js';
import { LEAD_IMPORT_FIELDS } from './imports.fields.js';

const LABELS = new Map(LEAD_IMPORT_FIELDS.map((f) => [f.key as string, f]));

async function labelsOf(db: Queryable, tenantId: string, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.select({ id: leads.id, name: leads.name, company: leads.company }).from(leads)
    .where(and(eq(leads.tenantId, tenantId), inArray(leads.id, ids)));
  return new Map(rows.map((r) => [r.id, leadLabel(r)]));
}

/**
 * Captures the batch's leads. created/linked count as created; a merge counts as updated when it changed the open
 * lead (a field it lacked, another mobile or name in its notes), else as skipped, so re-running a file reports no
 * changes. Every merged or skipped row gets a note naming the lead it repeats (or the row of this file that made it).
 */
export async function writeLeadBatch(deps: AppDeps, ctx: WriteContext, rows: PreparedRow[]): Promise<BatchOutcome> {
  const tenantId = ctx.actor.tenantId;
  const out: BatchOutcome = { created: 0, updated: 0, skipped: 0, errors: [], notes: rows.flatMap((r) => r.notes ?? []) };
  const note = (row: number, code: string, zh: string, en: string) => out.notes!.push({ row, code, message: `${zh} / ${en}` });
  const capture = rows.map((r) => ({ row: r.row, input: r.values as unknown as CreateLeadInput }));
  const outcomes = await captureLeads(deps, ctx.actor, capture.map((c) => c.input), { method: 'import', onDuplicate: 'merge' });
  // The row of this file that created each lead, so a later repeat in the file can name it.
  const createdBy = new Map(outcomes.flatMap((o) => (o.outcome === 'created' || o.outcome === 'linked' ? [[o.id, capture[o.index].row] as const] : [])));
  const merged = outcomes.filter((o) => o.outcome === 'merged');
  const labels = await labelsOf(deps.db, tenantId, [...new Set(merged.map((o) => o.id).filter((id) => !createdBy.has(id)))]);
  for (const o of outcomes) {
    const { row } = capture[o.index];
    if (o.outcome === 'created' || o.outcome === 'linked') {
      out.created++;
    } else if (o.outcome === 'merged') {
      if (o.filled) out.updated++;
      else out.skipped++;
      const madeBy = createdBy.get(o.id);
      const what = madeBy ? { zh: `第 ${madeBy} 行的线索`, en: `the lead of row ${madeBy}` } : { zh: `已有线索「${labels.get(o.id)}」`, en: `the lead "${labels.get(o.id)}"` };
      const fields = (o.changed ?? []).map((f) => LABELS.get(f) ?? { label: f, labelEn: f });
      if (o.filled) note(row, 'MERGED', `并入${what.zh}，更新了：${fields.map((f) => f.label).join('、')}`, `merged into ${what.en}; updated: ${fields.map((f) => f.labelEn.toLowerCase()).join(', ')}`);
      else note(row, 'REPEAT', `与${what.zh}相同，未改动`, `repeats ${what.en}; nothing changed`);
    } else {
      out.errors.push(duplicateError(row));
    }
  }
  return out;
}

// With onDuplicate 'merge' the pipeline refuses only a repeat of a lead the importer may not change (a colleague's).
const duplicateError = (row: number): ImportRowError => ({
  row, field: 'mobile', code: 'LEAD_DUPLICATE',
  message: '与他人跟进的已有线索重复，你不能合并到其中，未导入 / repeats a lead someone else works, which you cannot merge into; not imported',
});

