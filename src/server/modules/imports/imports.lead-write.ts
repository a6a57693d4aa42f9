// Writes one batch of checked lead rows through the capture pipeline (clean → 查重 → score → route), which runs the
// batch in one transaction: a failure leaves none of it behind. A row repeating an open lead is merged into it.
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { equalsAny, type Queryable } from '../../db/client.js';
import type { CreateLeadInput } from '../../../shared/lead-contracts.js';
import { normalizeEmail, normalizeMobile } from '../../../shared/normalize.js';
import { captureLeads, leads } from '../leads/index.js';
import { OPEN_LEAD_STATUSES } from '../leads/leads.schema.js';
import type { ImportRowError } from './imports.schema.js';
import type { PreparedRow } from './imports.rows.js';
import type { BatchOutcome, WriteContext } from './imports.write.js';

/** The fields a merge fills when the open lead lacks them (capture.service mergeIntoLead), to tell an update from a repeat. */
const FILLED_BY_MERGE = ['company', 'title', 'mobile', 'email', 'wechat', 'industry', 'employeeSize', 'province', 'city'] as const;
type Profile = Partial<Record<(typeof FILLED_BY_MERGE)[number], string | null>>;

const fills = (current: Profile, input: CreateLeadInput) => FILLED_BY_MERGE.filter((f) => !current[f] && input[f]);

const wechatOnly = (i: CreateLeadInput) => !i.mobile && !i.email && !!i.wechat;

/** Open leads sharing a mobile or email with the batch, and (for rows with neither) a WeChat id. */
async function findOpenLeads(db: Queryable, tenantId: string, inputs: CreateLeadInput[]) {
  const mobiles = [...new Set(inputs.map((i) => normalizeMobile(i.mobile)).filter((v): v is string => !!v))];
  const emails = [...new Set(inputs.map((i) => normalizeEmail(i.email)).filter((v): v is string => !!v))];
  const wechats = [...new Set(inputs.filter(wechatOnly).map((i) => i.wechat!))];
  const match = [
    mobiles.length ? equalsAny(leads.mobileNorm, mobiles) : undefined,
    emails.length ? equalsAny(leads.emailNorm, emails) : undefined,
    wechats.length ? equalsAny(leads.wechat, wechats) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  if (!match.length) return [];
  return db.select({
    id: leads.id, wechat: leads.wechat, mobileNorm: leads.mobileNorm, emailNorm: leads.emailNorm, company: leads.company, title: leads.title,
    mobile: leads.mobile, email: leads.email, industry: leads.industry, employeeSize: leads.employeeSize, province: leads.province, city: leads.city,
  }).from(leads).where(and(eq(leads.tenantId, tenantId), isNull(leads.deletedAt), inArray(leads.status, [...OPEN_LEAD_STATUSES]), or(...match)));
}

/**
 * Captures the batch's leads. created/linked count as created; a merge counts as updated when it fills a field the
 * open lead lacked, else as skipped, so re-running a file reports no changes. Rows with only a WeChat id have no key
 * the capture pipeline dedupes by: one whose WeChat id an open lead already has is skipped, never doubled.
 */
export async function writeLeadBatch(deps: AppDeps, ctx: WriteContext, rows: PreparedRow[]): Promise<BatchOutcome> {
  const inputs = rows.map((r) => r.values as unknown as CreateLeadInput);
  const existing = await findOpenLeads(deps.db, ctx.actor.tenantId, inputs);
  const state = new Map<string, Profile>(existing.map((l) => [l.id, { ...l }]));
  const wechatTaken = new Set(existing.map((l) => l.wechat).filter(Boolean));

  const out: BatchOutcome = { created: 0, updated: 0, skipped: 0, errors: [] };
  const capture: { row: number; input: CreateLeadInput }[] = [];
  for (const [i, input] of inputs.entries()) {
    if (wechatOnly(input)) {
      if (wechatTaken.has(input.wechat!)) { out.skipped++; continue; }
      wechatTaken.add(input.wechat!);
    }
    capture.push({ row: rows[i].row, input });
  }
  if (!capture.length) return out;

  const outcomes = await captureLeads(deps, ctx.actor, capture.map((c) => c.input), { method: 'import', onDuplicate: 'merge' });
  for (const o of outcomes) {
    const { row, input } = capture[o.index];
    if (o.outcome === 'created' || o.outcome === 'linked') {
      out.created++;
      state.set(o.id, { ...input });
    } else if (o.outcome === 'merged') {
      const current = state.get(o.id);
      const filled = current ? fills(current, input) : FILLED_BY_MERGE.filter((f) => input[f]);
      if (filled.length) out.updated++;
      else out.skipped++;
      if (current) for (const f of filled) current[f] = input[f] ?? null;
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
