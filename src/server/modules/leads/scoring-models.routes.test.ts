import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { buildTestApp, loginAs, type Session } from '../../../../test/app.js';
import { runDueJobs } from '../../jobs/runner.js';
import './rescore.job.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let ws: TestWorkspace;
let admin: Session;
let marketing: Session;
let rep: Session;
const clock = new TestClock();

beforeAll(async () => {
  deps = await newTestDeps(clock);
  app = await buildTestApp(deps);
  ws = await buildWorkspace(deps);
  admin = await loginAs(app, ws.adminEmail);
  marketing = await loginAs(app, (await buildUser(deps, ws, 'marketing')).email);
  rep = await loginAs(app, (await buildUser(deps, ws, 'sales_rep')).email);
});
afterAll(async () => { await app.close(); await deps.close(); });

describe('scoring model API', () => {
  it('walks a draft from creation to activation and shows the rescore run’s progress', async () => {
    expect((await rep.get('/api/v1/scoring-models/active')).json()).toMatchObject({ id: 'default', isDefault: true });
    expect((await rep.get('/api/v1/scoring-models/rescore-status')).json()).toEqual({ job: null });
    await buildLead(deps, ws.admin, { industry: 'C' });

    const created = await marketing.post('/api/v1/scoring-models', { name: '行业加权', fitRules: [{ id: 'mfg', when: { field: 'industry', in: ['C'] }, points: 40 }] });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({ version: 2, status: 'draft', isDefault: false });

    const stale = await marketing.patch(`/api/v1/scoring-models/${draft.id}`, { revision: 'stale', mqlThreshold: 50 });
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const patched = await marketing.patch(`/api/v1/scoring-models/${draft.id}`, { revision: draft.revision, mqlThreshold: 50 });
    expect(patched.statusCode, patched.body).toBe(200);

    const preview = await rep.post(`/api/v1/scoring-models/${draft.id}/preview`, { lead: { industry: 'C' }, touches: [] });
    expect(preview.json()).toMatchObject({ total: 40, explanationText: { zh: '+40 行业=制造业', en: '+40 industry=Manufacturing' } });

    expect((await rep.post(`/api/v1/scoring-models/${draft.id}/activate`)).statusCode).toBe(403);
    const activated = await marketing.post(`/api/v1/scoring-models/${draft.id}/activate`);
    expect(activated.statusCode, activated.body).toBe(200);
    expect((await admin.get('/api/v1/scoring-models/active')).json()).toMatchObject({ id: draft.id, status: 'active', definition: { mqlThreshold: 50 } });

    const next = (await admin.post('/api/v1/scoring-models', {})).json();
    const refused = await admin.post(`/api/v1/scoring-models/${next.id}/activate`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('RESCORE_RUNNING');

    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect((await rep.get('/api/v1/scoring-models/rescore-status')).json().job).toMatchObject({ status: 'done', progress: { done: 1, total: 1 }, modelId: draft.id });
    expect((await admin.post(`/api/v1/scoring-models/${next.id}/activate`)).statusCode).toBe(200);
    const listed = (await rep.get('/api/v1/scoring-models')).json();
    expect(listed.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[3, 'active'], [2, 'retired']]);
    // The built-in model stays listed (retired now), so it can still be read or started from.
    expect(listed.builtIn).toMatchObject({ id: 'default', version: 1, status: 'retired', isDefault: true });
  });

  it('deletes a draft, and only a draft', async () => {
    const draft = (await admin.post('/api/v1/scoring-models', {})).json();
    expect((await rep.delete(`/api/v1/scoring-models/${draft.id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/scoring-models/${draft.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/scoring-models/${draft.id}`)).statusCode).toBe(404);
    const kept = (await admin.post('/api/v1/scoring-models', {})).json();
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect((await admin.post(`/api/v1/scoring-models/${kept.id}/activate`)).statusCode).toBe(200);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const refused = await admin.delete(`/api/v1/scoring-models/${kept.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SCORING_MODEL_NOT_DRAFT');
    const audit = (await admin.get(`/api/v1/audit?entity=scoring_model&entityId=${draft.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('delete');
  });

  it('answers an invalid model with 422 and the problems, and a bad shape with 400', async () => {
    const invalid = await admin.post('/api/v1/scoring-models', { tierThresholds: { A: 50, B: 50, C: 10 } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({ code: 'SCORING_MODEL_INVALID', details: [{ zh: '等级阈值须满足 A > B > C' }] });
    expect((await admin.post('/api/v1/scoring-models', { halfLifeDays: -1 })).statusCode).toBe(400);
  });

  it('does not find another workspace’s models', async () => {
    const draft = (await admin.post('/api/v1/scoring-models', {})).json();
    const other = await buildWorkspace(deps);
    const outsider = await loginAs(app, other.adminEmail);
    expect((await outsider.get(`/api/v1/scoring-models/${draft.id}`)).statusCode).toBe(404);
    expect((await outsider.patch(`/api/v1/scoring-models/${draft.id}`, { revision: draft.revision, name: 'x' })).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/scoring-models/${draft.id}/activate`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/scoring-models/${draft.id}/preview`, {})).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/scoring-models')).json().items).toEqual([]);
  });
});
