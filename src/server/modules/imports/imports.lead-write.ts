// Writes one batch of checked lead rows through the capture pipeline (clean → 查重 → score → route), which runs the
// batch in one transaction: a failure leaves none of it behind. A row repeating an open lead is merged into it, and
// the row says which lead it went into.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { equalsAny, type Queryable } from '../../db/client.js';
import type { CreateLeadInput } from '../../../shared/lead-contracts.js';
import { captureLeads, leads } from '../leads/index.js';
import { OPEN_LEAD_STATUSES } from '../leads/leads.schema.js';
import { leadLabel } from '../leads/leads.text.js';
import type { ImportRowError } from './imports.schema.js';
import type { PreparedRow } from './imports.rows.js';
import type { BatchOutcome, WriteContext } from './imports.write.js';

const wechatOnly = (i: CreateLeadInput) => !i.mobile && !i.email && !!i.wechat;

/** Open leads holding one of these WeChat ids: rows with only a WeChat id have no key capture dedupes by. */
async function findOpenLeadsByWechat(db: Queryable, tenantId: string, wechats: string[]) {
  if (!wechats.length) return [];
  return db.select({ id: leads.id, name: leads.name, company: leads.company, wechat: leads.wechat }).from(leads)
    .where(and(eq(leads.tenantId, tenantId), isNull(leads.deletedAt), inArray(leads.status, [...OPEN_LEAD_STATUSES]), equalsAny(leads.wechat, wechats)));
}

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
  const inputs = rows.map((r) => r.values as unknown as CreateLeadInput);
  const byWechat = new Map((await findOpenLeadsByWechat(deps.db, tenantId, [...new Set(inputs.filter(wechatOnly).map((i) => i.wechat!))]))
    .map((l) => [l.wechat!, { label: leadLabel(l) }]));

  const out: BatchOutcome = { created: 0, updated: 0, skipped: 0, errors: [], notes: rows.flatMap((r) => r.notes ?? []) };
  const note = (row: number, code: string, zh: string, en: string) => out.notes!.push({ row, code, message: `${zh} / ${en}` });
  const capture: { row: number; input: CreateLeadInput }[] = [];
  const wechatRow = new Map<string, number>();
  for (const [i, input] of inputs.entries()) {
    if (wechatOnly(input)) {
      const stored = byWechat.get(input.wechat!);
      const earlier = wechatRow.get(input.wechat!);
      if (stored || earlier) {
        out.skipped++;
        if (stored) note(rows[i].row, 'REPEAT', `与已有线索「${stored.label}」的微信相同，未改动`, `same WeChat id as the lead "${stored.label}"; nothing changed`);
        else note(rows[i].row, 'REPEAT', `与第 ${earlier} 行的微信相同，未导入`, `same WeChat id as row ${earlier}; not imported again`);
        continue;
      }
      wechatRow.set(input.wechat!, rows[i].row);
    }
    capture.push({ row: rows[i].row, input });
  }
  if (!capture.length) return out;

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
      if (o.filled) note(row, 'MERGED', `并入${what.zh}，补充了它没有的信息`, `merged into ${what.en}, adding what it lacked`);
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
  message: 'mobile: 与他人跟进的已有线索重复，你不能合并到其中，未导入 / repeats a lead someone else works, which you cannot merge into; not imported',
});

