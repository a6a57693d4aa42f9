// Scoring against the workspace's active model: loading it, and turning a score into the lead's columns.
import { and, asc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { epochMs, inOrder, jsonRecordset, queryBulkRows, type Queryable } from '../../db/client.js';
import { scoringModels } from './lead-rules.schema.js';
import { leadTouches } from './leads.schema.js';
import { DEFAULT_SCORING_MODEL, scoreLead, scoreTotals, type LeadScore, type ScorableLead, type ScoreTotals, type ScoringModel, type TimedTouch } from './leads.scoring.js';
import type { LeadStatus } from './leads.schema.js';
import type { SourceType } from './leads.text.js';

/** The active model, or the built-in default until a workspace activates its own (id 'default', stored as null). */
export async function loadActiveScoringModel(db: Queryable, tenantId: string): Promise<ScoringModel> {
  const [row] = await db.select().from(scoringModels).where(and(eq(scoringModels.tenantId, tenantId), eq(scoringModels.status, 'active')));
  return row ? { ...row.definition, id: row.id, version: row.version } : DEFAULT_SCORING_MODEL;
}

/**
 * The stored score of a lead, explained: the model that scored it, run again on the lead's profile and the touches
 * recorded up to scored_at, as of scored_at. Models are immutable once active and touches are never edited, so this
 * reproduces the stored parts line for line without storing the lines.
 */
export async function explainStoredScore(db: Queryable, tenantId: string, lead: ScorableLead & { id: string; scoringModelId: string | null; scoredAt: Date }): Promise<LeadScore> {
  const [modelRow] = lead.scoringModelId
    ? await db.select().from(scoringModels).where(and(eq(scoringModels.tenantId, tenantId), eq(scoringModels.id, lead.scoringModelId)))
    : [];
  const model = modelRow ? { ...modelRow.definition, id: modelRow.id, version: modelRow.version } : DEFAULT_SCORING_MODEL;
  const touches = await db.select({ type: leadTouches.type, occurredAt: leadTouches.occurredAt, label: leadTouches.label }).from(leadTouches)
    .where(and(eq(leadTouches.tenantId, tenantId), eq(leadTouches.leadId, lead.id), lte(leadTouches.createdAt, lead.scoredAt)))
    .orderBy(asc(leadTouches.occurredAt));
  return scoreLead(model, lead, touches.map((t) => ({ type: t.type, occurredAt: t.occurredAt, label: t.label ?? undefined })), lead.scoredAt);
}

/** The lead_scores row a score is stored as (the model id 'default' is stored as null). */
export function scoreRow(tenantId: string, leadId: string, score: ScoreTotals, now: Date) {
  return {
    tenantId, leadId, score: score.total, fitScore: score.fit, engagementScore: score.engagement,
    scoringModelId: score.modelId === 'default' ? null : score.modelId, scoredAt: now,
  };
}

/**
 * Status after a score: nurturing leads become MQL when they reach the threshold and fall back below it. Leads
 * marketing has handed over, sales has, or that are closed keep their status whatever the score says.
 */
export function statusAfterScore(status: LeadStatus, score: Pick<LeadScore, 'isMql'>): LeadStatus {
  if (status === 'new' || status === 'nurturing') return score.isMql ? 'mql' : 'nurturing';
  if (status === 'mql' && !score.isMql) return 'nurturing';
  return status;
}

interface StoredLead {
  id: string; industry: string | null; employeeSize: string | null; province: string | null; title: string | null;
  sourceType: SourceType; status: LeadStatus; tier: string; hasMqlAt: boolean;
  score: number | null; fitScore: number | null; engagementScore: number | null; scoringModelId: string | null;
}

/** Which leads to read: exactly these ids, or (for a walk in id order) every lead between the first and last, of which only `ids` are scored. */
export interface RescoreOptions { idRange?: [string, string] }

/**
 * Rescores the given leads from their profile and all their touches with `model`, in the caller's transaction:
 * two reads and at most two writes for the whole set. Only what changed is written: a lead_scores row when a score
 * part or the model differs, the lead itself only when its tier or status moves. Returns how many leads changed
 * score, tier or status.
 */
export async function rescoreLeads(db: Queryable, tenantId: string, ids: string[], model: ScoringModel, now: Date, opts: RescoreOptions = {}): Promise<number> {
  if (!ids.length) return 0;
  const wanted = opts.idRange ? new Set(ids) : undefined;
  const range = (column: SQL) => (opts.idRange ? sql`${column} between ${opts.idRange[0]} and ${opts.idRange[1]}` : sql`${column} in ${ids}`);
  // queryBulkRows: a rescore run reads a million leads and five million touches, each lead's in time order. Each
  // lead's score is looked up by its key (the lateral subquery with its limit is not merged into a join): left to
  // choose, the planner often hash-joined a scan of every score, 0.8–1.5 s of a 5,000-lead batch at a million leads,
  // and bounding the score's key as well made it misjudge some ranges as one row and compare every pair.
  const [rows, touchRows] = await inOrder([
    queryBulkRows<StoredLead>(db, sql`
      select l.id, l.industry, l.employee_size as "employeeSize", l.province, l.title, l.source_type as "sourceType", l.status, l.tier,
        l.mql_at is not null as "hasMqlAt", s.score, s.fit_score as "fitScore", s.engagement_score as "engagementScore",
        s.scoring_model_id as "scoringModelId"
      from leads l left join lateral (
        select * from lead_scores s where s.tenant_id = l.tenant_id and s.lead_id = l.id limit 1
      ) s on true
      where l.tenant_id = ${tenantId} and l.deleted_at is null and ${range(sql`l.id`)}`),
    queryBulkRows<{ leadId: string; type: string; at: number }>(db, sql`
      select lead_id as "leadId", type, ${epochMs(sql`occurred_at`)} as at
      from lead_touches
      where tenant_id = ${tenantId} and lead_id is not null and ${range(sql`lead_id`)}`, sql`q."leadId", q.at`),
  ]);
  // The rows read are the touches as scoreTotals takes them (a type and a time); they arrive grouped by lead.
  const touchesOf = new Map<string, TimedTouch[]>();
  for (const t of touchRows) {
    const list = touchesOf.get(t.leadId);
    if (list) list.push(t);
    else touchesOf.set(t.leadId, [t]);
  }
  const modelId = model.id === 'default' ? null : model.id;
  let changed = 0;
  const scoreWrites = [];
  const leadWrites = [];
  for (const r of rows) {
    if (wanted && !wanted.has(r.id)) continue;
    const score = scoreTotals(model, r, touchesOf.get(r.id) ?? [], now);
    const status = statusAfterScore(r.status, score);
    if (score.total !== r.score || score.tier !== r.tier || status !== r.status) changed++;
    if (score.total !== r.score || score.fit !== r.fitScore || score.engagement !== r.engagementScore || modelId !== r.scoringModelId) {
      scoreWrites.push({ leadId: r.id, score: score.total, fitScore: score.fit, engagementScore: score.engagement, scoringModelId: modelId, isNew: r.score === null });
    }
    if (score.tier !== r.tier || status !== r.status || (status === 'mql' && !r.hasMqlAt)) leadWrites.push({ id: r.id, tier: score.tier, status });
  }
  // A plain update for the scores that exist (an upsert would first try, and fail, to insert each one), an insert
  // for a lead that has none yet.
  const updates = scoreWrites.filter((w) => !w.isNew);
  const inserts = scoreWrites.filter((w) => w.isNew);
  if (updates.length) {
    await db.execute(sql`
      update lead_scores s set score = u.score, fit_score = u."fitScore", engagement_score = u."engagementScore",
        scoring_model_id = u."scoringModelId", scored_at = ${now}::timestamptz
      from ${jsonRecordset(updates)}
        as u("leadId" uuid, score int, "fitScore" int, "engagementScore" int, "scoringModelId" uuid)
      where s.tenant_id = ${tenantId} and s.lead_id = u."leadId"`);
  }
  if (inserts.length) {
    await db.execute(sql`
      insert into lead_scores (tenant_id, lead_id, score, fit_score, engagement_score, scoring_model_id, scored_at)
      select ${tenantId}::uuid, u."leadId", u.score, u."fitScore", u."engagementScore", u."scoringModelId", ${now}::timestamptz
      from ${jsonRecordset(inserts)}
        as u("leadId" uuid, score int, "fitScore" int, "engagementScore" int, "scoringModelId" uuid)`);
  }
  if (leadWrites.length) {
    await db.execute(sql`
      update leads l set tier = u.tier, status = u.status,
        mql_at = case when u.status = 'mql' and l.mql_at is null then ${now}::timestamptz else l.mql_at end
      from ${jsonRecordset(leadWrites)} as u(id uuid, tier text, status text)
      where l.tenant_id = ${tenantId} and l.id = u.id`);
  }
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
