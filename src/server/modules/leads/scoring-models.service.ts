// Scoring models (评分模型): versioned drafts, one active per workspace; activating one rescores every lead in the
// background (rescore.job.ts). A preview scores a sample lead with any version without saving anything.
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { enqueueJob } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { scoringModels, type ScoringModelDefinition } from './lead-rules.schema.js';
import { DEFAULT_SCORING_MODEL, formatScoreExplanation, scoreLead, validateScoringModel, type ScoringModel } from './leads.scoring.js';
import type { Bilingual } from './leads.text.js';
import { lockScoringModels } from './scoring.service.js';
import { instant, text } from '../../../shared/schema-parts.js';

/** Job kind and dedupe key of the rescore run an activation queues (rescore.job.ts runs it). */
export const RESCORE_JOB = 'leads.rescore';

const points = z.number().int().min(-100).max(100);
const score = z.number().int().min(0).max(100);
const FitConditionInput = z.union([
  z.object({ field: z.enum(['industry', 'employeeSize', 'province', 'sourceType']), in: z.array(text(100).min(1)).min(1).max(500) }),
  z.object({ field: z.literal('title'), pattern: z.string().max(500).optional(), keywords: z.array(text(50).min(1)).max(100).optional() }),
]);

/** A model's definition as the editor sends it. */
export const ScoringModelFields = {
  name: text(100).min(1, '请填写模型名称 / name is required'),
  halfLifeDays: z.number().min(0.1).max(3650),
  fitCap: score,
  engagementCap: score,
  tierThresholds: z.object({ A: score, B: score, C: score }),
  mqlThreshold: score,
  fitRules: z.array(z.object({ id: text(50).min(1), when: FitConditionInput, points })).max(200),
  engagementRules: z.array(z.object({
    touchType: z.string().regex(/^[a-z_]{2,40}$/), points, label: text(100).min(1), labelEn: text(100).min(1),
  })).max(200),
};
/** A new draft: fields left out are copied from `basedOn` (a stored version, 'default', or the active model). */
export const CreateScoringModelInput = z.object(ScoringModelFields).partial().extend({ basedOn: z.union([z.uuid(), z.literal('default')]).optional() });
export type CreateScoringModelInput = z.infer<typeof CreateScoringModelInput>;
/** `revision` is the one the editor loaded: a draft changed since then is refused, not overwritten. */
export const UpdateScoringModelInput = z.object(ScoringModelFields).partial().extend({ revision: z.string().min(1).max(64) });
export type UpdateScoringModelInput = z.infer<typeof UpdateScoringModelInput>;

type Row = typeof scoringModels.$inferSelect;

// scoring_models has no row version; the revision is a digest of what the editor can change, which detects a
// concurrent edit just as well (an edit that changes nothing changes nothing to overwrite).
function revisionOf(row: Pick<Row, 'name' | 'definition'>): string {
  return createHash('sha256').update(JSON.stringify([row.name, row.definition])).digest('hex').slice(0, 16);
}

export function presentScoringModel(row: Row) {
  return {
    id: row.id, version: row.version, name: row.name, status: row.status, definition: row.definition, revision: revisionOf(row),
    createdBy: row.createdBy, createdAt: row.createdAt, activatedAt: row.activatedAt, activatedBy: row.activatedBy, isDefault: false,
  };
}

function definitionOf(model: ScoringModel): ScoringModelDefinition {
  const { id: _id, version: _version, ...definition } = model;
  return definition;
}

/** The built-in model, shown as version 1: active until the workspace activates a version of its own, then retired. */
function presentDefaultModel(status: 'active' | 'retired' = 'active') {
  const definition = definitionOf(DEFAULT_SCORING_MODEL);
  return {
    id: 'default', version: DEFAULT_SCORING_MODEL.version, name: DEFAULT_SCORING_MODEL.name, status, definition,
    revision: revisionOf({ name: DEFAULT_SCORING_MODEL.name, definition }), createdBy: null, createdAt: null, activatedAt: null, activatedBy: null, isDefault: true,
  };
}

/** Problems beyond the shape: the pure rules' checks plus ids and touch types that must be unique. */
function findModelProblems(model: ScoringModel): Bilingual[] {
  const problems = validateScoringModel(model);
  const repeated = <T>(xs: T[]) => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];
  for (const id of repeated(model.fitRules.map((r) => r.id))) problems.push({ zh: `规则 ID ${id} 重复`, en: `Rule id ${id} is used twice` });
  for (const t of repeated(model.engagementRules.map((r) => r.touchType))) {
    const rule = model.engagementRules.find((r) => r.touchType === t)!;
    problems.push({ zh: `行为「${rule.label}」列了两次，每种互动只能有一个分值`, en: `The touch "${rule.labelEn}" is listed twice; each kind of touch has one score` });
  }
  return problems;
}

function assertValidModel(model: ScoringModel) {
  const problems = findModelProblems(model);
  if (problems.length) throw new AppError('SCORING_MODEL_INVALID', problems);
}

async function loadModelRow(db: Queryable, tenantId: string, id: string, forUpdate = false): Promise<Row> {
  const q = db.select().from(scoringModels).where(and(eq(scoringModels.tenantId, tenantId), eq(scoringModels.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** A stored version, or the built-in default for 'default'. */
async function loadModel(db: Queryable, tenantId: string, id: string): Promise<ScoringModel> {
  if (id === 'default') return DEFAULT_SCORING_MODEL;
  const row = await loadModelRow(db, tenantId, id);
  return { ...row.definition, id: row.id, version: row.version };
}

/** Every stored version, newest first, with its status; and the built-in model, which a new version can start from. */
export async function listScoringModels(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'leads.read');
  const rows = await deps.db.select().from(scoringModels).where(eq(scoringModels.tenantId, actor.tenantId)).orderBy(desc(scoringModels.version));
  return { items: rows.map(presentScoringModel), builtIn: presentDefaultModel(rows.some((r) => r.status === 'active') ? 'retired' : 'active') };
}

/** The active model, or the built-in default (isDefault: true) until the workspace activates one. */
export async function getActiveScoringModel(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'leads.read');
  const [row] = await deps.db.select().from(scoringModels).where(and(eq(scoringModels.tenantId, actor.tenantId), eq(scoringModels.status, 'active')));
  return row ? presentScoringModel(row) : presentDefaultModel();
}

export async function getScoringModel(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'leads.read');
  return presentScoringModel(await loadModelRow(deps.db, actor.tenantId, id));
}

/** Creates a draft as the next version (the built-in default counts as version 1). */
export async function createScoringModel(deps: AppDeps, actor: Actor, input: CreateScoringModelInput) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Two drafts created at once would both take max + 1; the lock makes them take turns.
    await lockScoringModels(tx, actor.tenantId, 'exclusive');
    const { basedOn, ...fields } = input;
    const base = basedOn ? await loadModel(tx, actor.tenantId, basedOn) : await loadActiveOrDefault(tx, actor.tenantId);
    const definition: ScoringModelDefinition = { ...definitionOf(base), ...fields };
    if (!fields.name) definition.name = nameCopy(base.name, await listModelNames(tx, actor.tenantId));
    const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${scoringModels.version}), ${DEFAULT_SCORING_MODEL.version})::int` })
      .from(scoringModels).where(eq(scoringModels.tenantId, actor.tenantId));
    const version = Number(max) + 1;
    assertValidModel({ ...definition, id: 'draft', version });
    const [row] = await tx.insert(scoringModels).values({
      tenantId: actor.tenantId, id: newId(), version, name: definition.name, definition, status: 'draft', createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: now,
    }).returning();
    await recordAudit(tx, actor, { entity: 'scoring_model', entityId: row.id, action: 'create', after: { version, name: row.name, status: 'draft', basedOn: basedOn ?? null } }, now);
    return presentScoringModel(row);
  });
}

async function listModelNames(db: Queryable, tenantId: string): Promise<Set<string>> {
  const rows = await db.select({ name: scoringModels.name }).from(scoringModels).where(eq(scoringModels.tenantId, tenantId));
  return new Set(rows.map((r) => r.name));
}

const COPY_SUFFIX = /(?:（副本(?: \d+)?）| \(copy(?: \d+)?\))$/;

/**
 * A name no version has yet for a copy of `name`: "X（副本）", then "X（副本 2）"…, and a copy of "X（副本）" counts on
 * from X rather than reading "X（副本）（副本）". A name without Chinese in it gets " (copy)", " (copy 2)"….
 */
export function nameCopy(name: string, taken: ReadonlySet<string>): string {
  const root = name.replace(COPY_SUFFIX, '');
  const isChinese = /\p{Script=Han}/u.test(root);
  const suffix = (n: number) => (isChinese ? `（副本${n > 1 ? ` ${n}` : ''}）` : ` (copy${n > 1 ? ` ${n}` : ''})`);
  // Names are at most 100 characters: a long root gives way to the suffix.
  const named = (n: number) => root.slice(0, 100 - suffix(n).length) + suffix(n);
  let n = 1;
  while (taken.has(named(n))) n += 1;
  return named(n);
}

async function loadActiveOrDefault(db: Queryable, tenantId: string): Promise<ScoringModel> {
  const [row] = await db.select().from(scoringModels).where(and(eq(scoringModels.tenantId, tenantId), eq(scoringModels.status, 'active')));
  return row ? { ...row.definition, id: row.id, version: row.version } : DEFAULT_SCORING_MODEL;
}

/** Edits a draft; active and retired versions are history and stay as they were. */
export async function updateScoringModel(deps: AppDeps, actor: Actor, id: string, input: UpdateScoringModelInput) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await loadModelRow(tx, actor.tenantId, id, true);
    if (row.status !== 'draft') throw new AppError('VALIDATION_FAILED', [{ path: 'status', message: '只能修改草稿版本，请新建一个版本 / only drafts can be edited; create a new version' }]);
    const { revision, ...fields } = input;
    if (revision !== revisionOf(row)) throw new AppError('VERSION_CONFLICT');
    const definition: ScoringModelDefinition = { ...row.definition, ...fields };
    assertValidModel({ ...definition, id: row.id, version: row.version });
    const [after] = await tx.update(scoringModels).set({ name: definition.name, definition })
      .where(and(eq(scoringModels.tenantId, actor.tenantId), eq(scoringModels.id, id))).returning();
    await recordAudit(tx, actor, { entity: 'scoring_model', entityId: id, action: 'update', before: { ...row.definition }, after: { ...after.definition } }, now);
    return presentScoringModel(after);
  });
}

/** Deletes a draft nobody activated (an activated or retired version stays: scores were computed with it). */
export async function deleteScoringModel(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockScoringModels(tx, actor.tenantId, 'exclusive');
    const row = await loadModelRow(tx, actor.tenantId, id, true);
    if (row.status !== 'draft') throw new AppError('SCORING_MODEL_NOT_DRAFT', { status: row.status });
    await tx.delete(scoringModels).where(and(eq(scoringModels.tenantId, actor.tenantId), eq(scoringModels.id, id)));
    await recordAudit(tx, actor, { entity: 'scoring_model', entityId: id, action: 'delete', before: { version: row.version, name: row.name, status: 'draft' } }, now);
  });
}

/** The workspace's queued or running rescore job, if any. */
async function findRunningRescore(db: Queryable, tenantId: string) {
  const [job] = await db.select({ id: jobs.id }).from(jobs)
    .where(and(eq(jobs.tenantId, tenantId), eq(jobs.kind, RESCORE_JOB), inArray(jobs.status, ['queued', 'running']))).limit(1);
  return job ?? null;
}

/**
 * Makes a draft (or a retired version, to roll back) the active model and queues the rescore of every lead, in one
 * transaction. Refused while a rescore is still queued or running: two runs would race to decide which model wins.
 */
export async function activateScoringModel(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Waits for scoring batches in flight; new ones wait for this commit and then read the new model.
    await lockScoringModels(tx, actor.tenantId, 'exclusive');
    const row = await loadModelRow(tx, actor.tenantId, id, true);
    if (row.status === 'active') return { model: presentScoringModel(row), rescoreJobId: null };
    if (await findRunningRescore(tx, actor.tenantId)) throw new AppError('RESCORE_RUNNING');
    const retired = await tx.update(scoringModels).set({ status: 'retired' })
      .where(and(eq(scoringModels.tenantId, actor.tenantId), eq(scoringModels.status, 'active'))).returning({ id: scoringModels.id, version: scoringModels.version });
    const [after] = await tx.update(scoringModels).set({ status: 'active', activatedAt: now, activatedBy: actor.kind === 'user' ? actor.userId : null })
      .where(and(eq(scoringModels.tenantId, actor.tenantId), eq(scoringModels.id, id))).returning();
    const jobId = await enqueueJob(tx, now, actor.tenantId, RESCORE_JOB, { modelId: id, modelVersion: row.version }, { dedupeKey: RESCORE_JOB });
    if (!jobId) throw new AppError('RESCORE_RUNNING');
    await recordAudit(tx, actor, [
      ...retired.map((r) => ({ entity: 'scoring_model', entityId: r.id, action: 'retire', before: { status: 'active' }, after: { status: 'retired', version: r.version } })),
      { entity: 'scoring_model', entityId: id, action: 'activate', before: { status: row.status }, after: { status: 'active', version: row.version, rescoreJobId: jobId } },
    ], now);
    return { model: presentScoringModel(after), rescoreJobId: jobId };
  });
}

/** A sample lead and its touches, scored by a version without saving: the editor's "what would this score?". */
export const PreviewScoreInput = z.object({
  lead: z.object({
    industry: z.string().max(100).nullish(), employeeSize: z.string().max(50).nullish(), province: z.string().max(50).nullish(),
    title: z.string().max(100).nullish(), sourceType: z.enum(['active', 'passive']).nullish(),
  }).default({}),
  touches: z.array(z.object({ type: z.string().regex(/^[a-z_]{2,40}$/), occurredAt: instant(), label: z.string().max(100).optional() })).max(500).default([]),
});
export type PreviewScoreInput = z.infer<typeof PreviewScoreInput>;

/** Scores the sample with the version (or 'default') and explains it in both languages. */
export async function previewScore(deps: AppDeps, actor: Actor, id: string, input: PreviewScoreInput) {
  requirePermission(actor, 'leads.read');
  const model = await loadModel(deps.db, actor.tenantId, id);
  const result = scoreLead(model, input.lead, input.touches.map((t) => ({ ...t, occurredAt: new Date(t.occurredAt) })), deps.clock.now());
  return { ...result, explanationText: { zh: formatScoreExplanation(result, 'zh'), en: formatScoreExplanation(result, 'en') } };
}

/** The latest rescore run: status, progress {done,total} and when it started and finished; null before the first. */
export async function getRescoreStatus(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'leads.read');
  const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, actor.tenantId), eq(jobs.kind, RESCORE_JOB)))
    .orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(1);
  if (!job) return { job: null };
  return {
    job: {
      id: job.id, status: job.status, progress: job.progress ?? null, modelId: (job.payload.modelId as string | undefined) ?? null,
      createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt, attempts: job.attempts, error: job.lastError,
    },
  };
}
