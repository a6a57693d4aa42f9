import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, storedLeads } from '../../../../test/factories.js';
import { AppError } from '../../http/errors.js';
import { runDueJobs } from '../../jobs/runner.js';
import { auditLog } from '../audit/index.js';
import { scoringModels } from './lead-rules.schema.js';
import {
  activateScoringModel, createScoringModel, getActiveScoringModel, getRescoreStatus, listScoringModels, nameCopy, previewScore, updateScoringModel,
} from './scoring-models.service.js';
import './rescore.job.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const codeOf = (err: unknown) => (err instanceof AppError ? err.code : err);

describe('scoring models', () => {
  it('shows the built-in default until a model is activated; drafts are numbered after it and copy the active one', async () => {
    const ws = await buildWorkspace(deps);
    expect(await getActiveScoringModel(deps, ws.admin)).toMatchObject({ id: 'default', isDefault: true, status: 'active', version: 1 });
    const first = await createScoringModel(deps, ws.admin, { name: '制造业优先' });
    const second = await createScoringModel(deps, ws.admin, { basedOn: first.id, mqlThreshold: 50 });
    expect([first.version, second.version]).toEqual([2, 3]);
    expect(first.status).toBe('draft');
    expect(first.definition.fitRules.length).toBeGreaterThan(0);
    expect(second.definition).toMatchObject({ name: '制造业优先（副本）', mqlThreshold: 50 });
    expect((await listScoringModels(deps, ws.admin)).items.map((m) => m.version)).toEqual([3, 2]);
  });

  it('numbers repeated copies instead of stacking （副本）, in the language of the name', async () => {
    const ws = await buildWorkspace(deps);
    const first = await createScoringModel(deps, ws.admin, { name: '制造业优先' });
    const copy = await createScoringModel(deps, ws.admin, { basedOn: first.id });
    const copyOfCopy = await createScoringModel(deps, ws.admin, { basedOn: copy.id });
    const again = await createScoringModel(deps, ws.admin, { basedOn: first.id });
    expect([copy.name, copyOfCopy.name, again.name]).toEqual(['制造业优先（副本）', '制造业优先（副本 2）', '制造业优先（副本 3）']);
    expect(nameCopy('Manufacturing first (copy)', new Set(['Manufacturing first (copy)']))).toBe('Manufacturing first (copy 2)');
    expect(nameCopy('x'.repeat(100), new Set())).toHaveLength(100);
  });

  it('refuses an invalid model with every problem in both languages', async () => {
    const ws = await buildWorkspace(deps);
    const err = await createScoringModel(deps, ws.admin, {
      tierThresholds: { A: 40, B: 60, C: 20 },
      fitRules: [{ id: 'r', when: { field: 'title', pattern: '(' }, points: 5 }, { id: 'r', when: { field: 'industry', in: ['C'] }, points: 5 }],
    }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('SCORING_MODEL_INVALID');
    const problems = (err as AppError).details as { zh: string; en: string }[];
    expect(problems.map((p) => p.en)).toEqual(expect.arrayContaining([
      'Tier thresholds must satisfy A > B > C', 'Fit rule 1 (title) has an invalid pattern', 'Rule id r is used twice',
    ]));
  });

  it('edits drafts only, and only at the revision the editor loaded', async () => {
    const ws = await buildWorkspace(deps);
    const draft = await createScoringModel(deps, ws.admin, {});
    const edited = await updateScoringModel(deps, ws.admin, draft.id, { revision: draft.revision, halfLifeDays: 7 });
    expect(edited.definition.halfLifeDays).toBe(7);
    expect(codeOf(await updateScoringModel(deps, ws.admin, draft.id, { revision: draft.revision, halfLifeDays: 30 }).catch((e) => e))).toBe('VERSION_CONFLICT');
    await activateScoringModel(deps, ws.admin, draft.id);
    expect(codeOf(await updateScoringModel(deps, ws.admin, draft.id, { revision: edited.revision, halfLifeDays: 30 }).catch((e) => e))).toBe('VALIDATION_FAILED');
    const audit = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entity, 'scoring_model')));
    expect(audit.map((a) => a.action).sort()).toEqual(['activate', 'create', 'update']);
  });

  it('activating retires the active model and rescores every lead in the background; a second activation waits', async () => {
    const ws = await buildWorkspace(deps);
    // 43 (fit 38 + the capture touch's 5): tier C and nurturing by default, tier B and MQL by the generous model.
    const lead = await buildLead(deps, ws.admin, { industry: 'C', employeeSize: '500-999', source: 'event_signup' });
    const other = await buildLead(deps, ws.admin, { source: 'event_signup' });
    expect((await storedLeads(deps.db, ws.tenantId, [lead.id]))[0]).toMatchObject({ score: 43, tier: 'C', status: 'nurturing' });
    const generous = await createScoringModel(deps, ws.admin, { name: '宽松', mqlThreshold: 40, tierThresholds: { A: 70, B: 40, C: 20 } });
    const next = await createScoringModel(deps, ws.admin, {});
    const { rescoreJobId } = await activateScoringModel(deps, ws.admin, generous.id);
    expect(rescoreJobId).toBeTruthy();
    expect((await getRescoreStatus(deps, ws.admin)).job).toMatchObject({ status: 'queued', modelId: generous.id });
    expect(codeOf(await activateScoringModel(deps, ws.admin, next.id).catch((e) => e))).toBe('RESCORE_RUNNING');

    await runDueJobs(deps, { tenantId: ws.tenantId });
    const rows = await storedLeads(deps.db, ws.tenantId);
    expect(rows.every((r) => r.scoringModelId === generous.id)).toBe(true);
    const row = rows.find((r) => r.id === lead.id)!;
    expect(row).toMatchObject({ score: 43, tier: 'B', status: 'mql' });
    expect(rows.find((r) => r.id === other.id)!.status).toBe('nurturing');
    expect((await getRescoreStatus(deps, ws.admin)).job).toMatchObject({ status: 'done', progress: { done: 2, total: 2 } });

    await activateScoringModel(deps, ws.admin, next.id);
    const statuses = await deps.db.select({ id: scoringModels.id, status: scoringModels.status }).from(scoringModels).where(eq(scoringModels.tenantId, ws.tenantId));
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [generous.id]: 'retired', [next.id]: 'active' });
  });

  it('lets marketing change models and not sales reps; a model of another workspace is not found', async () => {
    const ws = await buildWorkspace(deps);
    const marketing = await buildUser(deps, ws, 'marketing');
    const rep = await buildUser(deps, ws, 'sales_rep');
    const draft = await createScoringModel(deps, marketing.actor, {});
    expect(codeOf(await createScoringModel(deps, rep.actor, {}).catch((e) => e))).toBe('FORBIDDEN');
    expect(codeOf(await activateScoringModel(deps, rep.actor, draft.id).catch((e) => e))).toBe('FORBIDDEN');
    const other = await buildWorkspace(deps);
    expect(codeOf(await activateScoringModel(deps, other.admin, draft.id).catch((e) => e))).toBe('NOT_FOUND');
    expect(codeOf(await previewScore(deps, other.admin, draft.id, { lead: {}, touches: [] }).catch((e) => e))).toBe('NOT_FOUND');
    expect((await activateScoringModel(deps, marketing.actor, draft.id)).model.status).toBe('active');
  });

  it('previews a sample lead’s score with its explanation, saving nothing', async () => {
    const ws = await buildWorkspace(deps);
    const threeDaysAgo = new Date(clock.now().getTime() - 3 * 86_400_000).toISOString();
    const preview = await previewScore(deps, ws.admin, 'default', {
      lead: { industry: 'C', title: 'CTO', sourceType: 'active' },
      touches: [{ type: 'content_downloaded', occurredAt: threeDaysAgo, label: '下载白皮书' }],
    });
    expect(preview).toMatchObject({ fit: 45, engagement: 7, total: 52, tier: 'C', isMql: false });
    expect(preview.explanationText.zh).toContain('+8 下载白皮书 (3 天前, 衰减后 7)');
    expect(preview.explanationText.en).toContain('3 days ago');
  });
});
