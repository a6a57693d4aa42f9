// The SQL standard (SQL 标准): a versioned checklist that takes effect only when a marketing user and a sales user
// have both signed the same version — the two teams agree on what a sales-ready lead is before any is handed over.
import { and, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { can, requirePermission, type Actor } from '../identity/index.js';
import { sqlStandards, type SqlStandardItem } from './lead-rules.schema.js';
import type { SqlChecklistAnswers } from './leads.schema.js';

/** BANT, the default: budget, authority, need, timeline — all four required. */
export const DEFAULT_SQL_ITEMS: SqlStandardItem[] = [
  { key: 'budget', label: '预算：已确认有预算或预算流程', labelEn: 'Budget: a budget or budget process is confirmed', required: true },
  { key: 'authority', label: '决策人：已接触拍板方或明确决策链', labelEn: 'Authority: the decision maker is engaged or the chain is known', required: true },
  { key: 'need', label: '需求：有明确的业务痛点与需求', labelEn: 'Need: a clear business problem and need', required: true },
  { key: 'timeline', label: '时间表：计划在 6 个月内采购', labelEn: 'Timeline: plans to buy within 6 months', required: true },
];

export interface SqlStandardInput { name: string; items: SqlStandardItem[]; minChecked: number }

export type SqlStandardRow = typeof sqlStandards.$inferSelect;

export async function loadActiveSqlStandard(db: Queryable, tenantId: string): Promise<SqlStandardRow | null> {
  const [row] = await db.select().from(sqlStandards).where(and(eq(sqlStandards.tenantId, tenantId), eq(sqlStandards.status, 'active')));
  return row ?? null;
}

export async function listSqlStandards(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'leads.read');
  const items = await deps.db.select().from(sqlStandards).where(eq(sqlStandards.tenantId, actor.tenantId)).orderBy(desc(sqlStandards.version)).limit(50);
  return { items, defaultItems: DEFAULT_SQL_ITEMS };
}

function validateStandard(input: SqlStandardInput) {
  const issues: { path: string; message: string }[] = [];
  const keys = new Set<string>();
  input.items.forEach((item, i) => {
    if (keys.has(item.key)) issues.push({ path: `items.${i}.key`, message: `检查项标识重复：${item.key} / duplicate item key` });
    keys.add(item.key);
  });
  const required = input.items.filter((i) => i.required).length;
  if (input.minChecked < required) issues.push({ path: 'minChecked', message: `至少需勾选数不能少于必选项数（${required}）/ must be at least the number of required items` });
  // With nothing required and nothing to check, every lead would pass: the checklist would stop nothing.
  if (required === 0 && input.minChecked < 1) issues.push({ path: 'minChecked', message: '没有必选项时至少需勾选 1 项，否则任何线索都能移交 / with no required item, at least 1 must be checked, or any lead could be handed over' });
  if (input.minChecked > input.items.length) issues.push({ path: 'minChecked', message: '至少需勾选数不能超过检查项总数 / cannot exceed the number of items' });
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues);
}

const canDraft = (actor: Actor) => can(actor, 'admin.lead_rules') || can(actor, 'sql_standard.sign_marketing') || can(actor, 'sql_standard.sign_sales');

/**
 * Proposes a new version as a draft; either side (or a rules admin) may propose. One draft is open at a time: a draft
 * still waiting for signatures is withdrawn by the new one, so the two sides never sign different proposals.
 */
export async function createSqlStandard(deps: AppDeps, actor: Actor, input: SqlStandardInput) {
  if (!canDraft(actor)) throw new AppError('FORBIDDEN', { permission: 'sql_standard.sign_*' });
  validateStandard(input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Serialise version numbers per workspace: two drafts proposed at once get 3 and 4, not both 3.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sql_standards:${actor.tenantId}`}))`);
    const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${sqlStandards.version}), 0)::int` }).from(sqlStandards).where(eq(sqlStandards.tenantId, actor.tenantId));
    // A proposal that changes nothing would ask both sides to sign the standard they already have.
    const [inForce] = await tx.select().from(sqlStandards).where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.status, 'active')));
    if (inForce && inForce.name === input.name && inForce.minChecked === input.minChecked && JSON.stringify(inForce.items) === JSON.stringify(input.items)) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'items', message: `与生效中的 v${inForce.version} 完全相同：请先修改检查项、至少勾选数或名称 / the same as v${inForce.version} in force: change an item, the minimum or the name first` }]);
    }
    const withdrawn = await tx.update(sqlStandards).set({ status: 'retired' })
      .where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.status, 'draft')))
      .returning({ id: sqlStandards.id, version: sqlStandards.version });
    const [row] = await tx.insert(sqlStandards).values({
      tenantId: actor.tenantId, id: newId(), version: max + 1, name: input.name, items: input.items, minChecked: input.minChecked,
      createdBy: actor.userId, createdAt: now,
    }).returning();
    await recordAudit(tx, actor, [
      ...withdrawn.map((w) => ({ entity: 'sql_standard', entityId: w.id, action: 'withdraw', before: { status: 'draft' }, after: { status: 'retired', version: w.version, supersededBy: row.version } })),
      { entity: 'sql_standard', entityId: row.id, action: 'create', after: { version: row.version, name: row.name, items: row.items.map((i) => i.key) } },
    ], now);
    return row;
  });
}

/** Withdraws a draft nobody needs to sign any more; the version in force stays. */
export async function withdrawSqlStandard(deps: AppDeps, actor: Actor, id: string) {
  if (!canDraft(actor)) throw new AppError('FORBIDDEN', { permission: 'sql_standard.sign_*' });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(sqlStandards).where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status !== 'draft') throw new AppError('SQL_STANDARD_NOT_DRAFT', { status: row.status });
    const [after] = await tx.update(sqlStandards).set({ status: 'retired' })
      .where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.id, id))).returning();
    await recordAudit(tx, actor, { entity: 'sql_standard', entityId: id, action: 'withdraw', before: { status: 'draft' }, after: { status: 'retired', version: row.version } }, now);
    return after;
  });
}

/**
 * Signs a draft for one side. The same person cannot sign for both; when both sides have signed, this version takes
 * effect at once and the one before it retires, in the same transaction.
 */
export async function signSqlStandard(deps: AppDeps, actor: Actor, id: string, side: 'marketing' | 'sales') {
  requirePermission(actor, side === 'marketing' ? 'sql_standard.sign_marketing' : 'sql_standard.sign_sales');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(sqlStandards).where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    const other = side === 'marketing' ? row.salesSignedBy : row.marketingSignedBy;
    const mine = side === 'marketing' ? row.marketingSignedBy : row.salesSignedBy;
    if (row.status !== 'draft' || mine) throw new AppError('SQL_STANDARD_SIGNOFF_INVALID', { reason: row.status !== 'draft' ? 'not_draft' : 'already_signed' });
    if (other === actor.userId) throw new AppError('SQL_STANDARD_SIGNOFF_INVALID', { reason: 'same_person' });
    const signed = side === 'marketing' ? { marketingSignedBy: actor.userId, marketingSignedAt: now } : { salesSignedBy: actor.userId, salesSignedAt: now };
    const [newer] = await tx.select({ version: sqlStandards.version }).from(sqlStandards)
      .where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.status, 'active'), gt(sqlStandards.version, row.version)));
    if (newer) throw new AppError('SQL_STANDARD_SIGNOFF_INVALID', { reason: 'superseded', activeVersion: newer.version });
    const takesEffect = Boolean(other);
    if (takesEffect) {
      // The version in force retires, and so do older drafts: signing one later would roll the standard back.
      await tx.update(sqlStandards).set({ status: 'retired' }).where(and(eq(sqlStandards.tenantId, actor.tenantId),
        or(eq(sqlStandards.status, 'active'), and(eq(sqlStandards.status, 'draft'), lt(sqlStandards.version, row.version)))));
    }
    const [after] = await tx.update(sqlStandards).set({ ...signed, ...(takesEffect ? { status: 'active', activatedAt: now } : {}) })
      .where(and(eq(sqlStandards.tenantId, actor.tenantId), eq(sqlStandards.id, id))).returning();
    await recordAudit(tx, actor, { entity: 'sql_standard', entityId: id, action: takesEffect ? 'sign_activate' : 'sign', after: { side, version: row.version, status: after.status } }, now);
    return after;
  });
}

export interface ChecklistCheck { isMet: boolean; missing: SqlStandardItem[]; checked: number; minChecked: number }

/** Whether answers meet a standard: every required item checked and at least minChecked in all. */
export function checkChecklist(standard: Pick<SqlStandardRow, 'items' | 'minChecked'>, answers: SqlChecklistAnswers): ChecklistCheck {
  const isChecked = (key: string) => answers[key]?.checked === true;
  const missing = standard.items.filter((i) => i.required && !isChecked(i.key));
  const checked = standard.items.filter((i) => isChecked(i.key)).length;
  return { isMet: missing.length === 0 && checked >= standard.minChecked, missing, checked, minChecked: standard.minChecked };
}
