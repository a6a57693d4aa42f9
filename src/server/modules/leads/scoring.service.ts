// Scoring against the workspace's active model: loading it, and turning a score into the lead's columns.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { inOrder, type Queryable } from '../../db/client.js';
import { leads, leadTouches } from './leads.schema.js';
import { scoringModels } from './lead-rules.schema.js';
import { DEFAULT_SCORING_MODEL, scoreLead, type LeadScore, type ScoringModel, type Touch } from './leads.scoring.js';
import type { LeadStatus } from './leads.schema.js';
import type { SourceType } from './leads.text.js';

/** The active model, or the built-in default until a workspace activates its own (id 'default', stored as null). */
export async function loadActiveScoringModel(db: Queryable, tenantId: string): Promise<ScoringModel> {
  const [row] = await db.select().from(scoringModels).where(and(eq(scoringModels.tenantId, tenantId), eq(scoringModels.status, 'active')));
  return row ? { ...row.definition, id: row.id, version: row.version } : DEFAULT_SCORING_MODEL;
}

/** The lead columns a score sets. */
export function scoreColumns(score: LeadScore, now: Date) {
  return {
    score: score.total, fitScore: score.fit, engagementScore: score.engagement, tier: score.tier,
    scoreExplanation: score.explanation, scoringModelId: score.modelId === 'default' ? null : score.modelId, scoredAt: now,
  };
}

/**
 * Status after a score: nurturing leads become MQL when they reach the threshold and fall back below it. Leads
 * marketing has handed over, sales has, or that are closed keep their status whatever the score says.
 */
export function statusAfterScore(status: LeadStatus, score: LeadScore): LeadStatus {
  if (status === 'new' || status === 'nurturing') return score.isMql ? 'mql' : 'nurturing';
  if (status === 'mql' && !score.isMql) return 'nurturing';
  return status;
}


/** Equal as JSON values, whatever the key order (jsonb stores keys in its own order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b || (a == null && b == null);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Rescores the given leads from their profile and all their touches with `model`, in the caller's transaction:
 * two reads and at most one update for the whole set. A lead whose score, explanation, model and status all come out
 * as stored is not written at all (its scored_at stays): the table's many indexes make every row written expensive.
 * Returns how many leads changed score, tier or status.
 */
export async function rescoreLeads(db: Queryable, tenantId: string, ids: string[], model: ScoringModel, now: Date): Promise<number> {
  if (!ids.length) return 0;
  const [rows, touchRows] = await inOrder([
    db.select({ id: leads.id, industry: leads.industry, employeeSize: leads.employeeSize, province: leads.province, title: leads.title,
      sourceType: leads.sourceType, status: leads.status, score: leads.score, tier: leads.tier, fitScore: leads.fitScore,
      engagementScore: leads.engagementScore, scoreExplanation: leads.scoreExplanation, scoringModelId: leads.scoringModelId, mqlAt: leads.mqlAt })
      .from(leads).where(and(eq(leads.tenantId, tenantId), inArray(leads.id, ids), isNull(leads.deletedAt))),
    db.select({ leadId: leadTouches.leadId, type: leadTouches.type, label: leadTouches.label, occurredAt: leadTouches.occurredAt })
      .from(leadTouches).where(and(eq(leadTouches.tenantId, tenantId), inArray(leadTouches.leadId, ids))).orderBy(asc(leadTouches.occurredAt)),
  ]);
  const touchesOf = new Map<string, Touch[]>();
  for (const t of touchRows) {
    const list = touchesOf.get(t.leadId!) ?? [];
    list.push({ type: t.type, occurredAt: t.occurredAt, label: t.label ?? undefined });
    touchesOf.set(t.leadId!, list);
  }
  let changed = 0;
  const updates = [];
  for (const r of rows) {
    const score = scoreLead(model, { ...r, sourceType: r.sourceType as SourceType }, touchesOf.get(r.id) ?? [], now);
    const columns = scoreColumns(score, now);
    const status = statusAfterScore(r.status, score);
    if (score.total !== r.score || score.tier !== r.tier || status !== r.status) changed++;
    const isSame = columns.score === r.score && columns.fitScore === r.fitScore && columns.engagementScore === r.engagementScore
      && columns.tier === r.tier && columns.scoringModelId === r.scoringModelId && status === r.status && !(status === 'mql' && !r.mqlAt)
      && sameJson(columns.scoreExplanation, r.scoreExplanation);
    if (!isSame) updates.push({ id: r.id, ...columns, status });
  }
  if (!updates.length) return changed;
  // One statement for the set: the new columns travel as a jsonb array and are joined back by id.
  await db.execute(sql`
    update leads l set score = u.score, fit_score = u."fitScore", engagement_score = u."engagementScore", tier = u.tier,
      score_explanation = u."scoreExplanation", scoring_model_id = u."scoringModelId", scored_at = ${now}, status = u.status,
      mql_at = case when u.status = 'mql' and l.mql_at is null then ${now}::timestamptz else l.mql_at end
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
      as u(id uuid, score int, "fitScore" int, "engagementScore" int, tier text, "scoreExplanation" jsonb, "scoringModelId" uuid, status text)
    where l.tenant_id = ${tenantId} and l.id = u.id`);
  return changed;
}

/**
 * Serialises model changes against scoring in one workspace: changing the active model takes the lock exclusively,
 * every transaction that loads the model to rescore stored leads shares it. So no batch can write scores from a
 * model that was retired while it ran, after the rescore run has already passed those leads.
 */
export async function lockScoringModels(db: Queryable, tenantId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = `leads.scoring:${tenantId}`;
  await db.execute(mode === 'shared'
    ? sql`select pg_advisory_xact_lock_shared(hashtext(${key}))`
    : sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}
