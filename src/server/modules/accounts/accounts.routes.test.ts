import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps } from '../../../../test/db.js';
import { buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { buildTestApp, loginAs, type Session } from '../../../../test/app.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let ws: TestWorkspace;
let admin: Session;

beforeAll(async () => {
  deps = await newTestDeps();
  app = await buildTestApp(deps);
  ws = await buildWorkspace(deps);
  admin = await loginAs(app, ws.adminEmail);
  await admin.post('/api/v1/custom-fields', { entity: 'account', key: 'erp', label: '现用 ERP', type: 'select', options: ['用友', '金蝶'] });
  const rows = [
    ['上海甲一科技有限公司', 'C', 'A', '1000000', '用友'], ['上海甲二科技有限公司', 'I', 'B', '3000000', '金蝶'],
    ['北京乙一科技有限公司', 'C', 'A', '2000000', '金蝶'], ['=HYPERLINK("http://evil")', 'F', 'C', null, null],
    ['深圳丙一科技有限公司', 'C', 'B', '500000', null],
  ] as const;
  for (const [name, industry, level, annualRevenue, erp] of rows) {
    const res = await admin.post('/api/v1/accounts', { name, industry, level, annualRevenue, custom: erp ? { erp } : {}, allowSimilar: true });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => { await app.close(); await deps.close(); });

describe('account list', () => {
  it('filters, searches and counts', async () => {
    const r = (await admin.get('/api/v1/accounts?industry=C&level=A&withTotal=true')).json();
    expect(r.items.map((a: { name: string }) => a.name).sort()).toEqual(['上海甲一科技有限公司', '北京乙一科技有限公司']);
    expect(r.total).toBe(2);
    expect((await admin.get(`/api/v1/accounts?q=${encodeURIComponent('甲二')}`)).json().items.map((a: { name: string }) => a.name)).toEqual(['上海甲二科技有限公司']);
    expect((await admin.get(`/api/v1/accounts?${new URLSearchParams({ 'cf.erp': '金蝶' })}`)).json().items).toHaveLength(2);
  });

  it('pages with keyset cursors through every row exactly once, in the requested order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string; annualRevenue: string | null }[]; nextCursor: string | null } =
        (await admin.get(`/api/v1/accounts?sort=-annualRevenue&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((a) => a.annualRevenue ?? 'none'));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['3000000.00', '2000000.00', '1000000.00', '500000.00', 'none']);
  });

  it('pages the default order (newest change first) and by name with cursors', async () => {
    for (const sort of ['-updatedAt', 'name', '-createdAt']) {
      const all = (await admin.get(`/api/v1/accounts?sort=${sort}&limit=200`)).json().items.map((a: { id: string }) => a.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await admin.get(`/api/v1/accounts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        paged.push(...res.json().items.map((a: { id: string }) => a.id));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    }
  });

  it('shows the same field values in the list as on the detail page', async () => {
    const [item] = (await admin.get('/api/v1/accounts?limit=1')).json().items;
    const { contactsCount: _c, children: _ch, ...detail } = (await admin.get(`/api/v1/accounts/${item.id}`)).json();
    expect(item).toEqual(detail);
    expect(Date.parse(item.updatedAt)).toBeGreaterThan(Date.parse('2020-01-01'));
  });

  it('rejects an unknown sort or filter value with a 400 that says why', async () => {
    const res = await admin.get('/api/v1/accounts?sort=password');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect((await admin.get('/api/v1/accounts?ownerId=not-a-user')).statusCode).toBe(400);
  });
});

describe('account edits over HTTP', () => {
  it('answers a stale version with 409 and records the change in the timeline', async () => {
    const created = (await admin.post('/api/v1/accounts', { name: '时间线测试有限公司' })).json();
    const ok = await admin.patch(`/api/v1/accounts/${created.id}`, { version: created.version, level: 'A', city: '杭州市' });
    expect(ok.statusCode).toBe(200);
    const stale = await admin.patch(`/api/v1/accounts/${created.id}`, { version: created.version, level: 'C' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const timeline = (await admin.get(`/api/v1/accounts/${created.id}/timeline`)).json().items;
    expect(timeline.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(timeline[0].changes).toEqual({ level: { from: null, to: 'A' }, city: { from: null, to: '杭州市' } });
    expect(timeline[0].actorName).toBe('管理员');
  });

  it('shows the duplicate matches in the 409 body', async () => {
    const res = await admin.post('/api/v1/accounts', { name: '上海甲一科技（有限公司）' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ACCOUNT_DUPLICATE', details: { canOverride: false, matches: [{ name: '上海甲一科技有限公司', reasons: ['name'] }] } });
  });

  it('saves a list view per user', async () => {
    const v = await admin.post('/api/v1/views', { entity: 'account', name: 'A 类制造业', config: { filters: { industry: ['C'], level: ['A'] }, columns: ['name', 'level'] } });
    expect(v.statusCode).toBe(201);
    expect((await admin.get('/api/v1/views?entity=account')).json().items.map((x: { name: string }) => x.name)).toContain('A 类制造业');
  });
});

describe('export', () => {
  it('exports the filtered list as CSV with a BOM, labels, and formulas neutralised', async () => {
    const res = await admin.get('/api/v1/accounts/export?format=csv&sort=name');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('客户名称');
    expect(text).toContain('制造业');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('exports XLSX', async () => {
    const res = await admin.get('/api/v1/accounts/export?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
