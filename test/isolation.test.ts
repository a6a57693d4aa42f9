// Walks every route in the OpenAPI document — those that exist now and any added later — as a user of another
// workspace and as a same-workspace role whose data scope does not cover the records, and proves nothing leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps } from './db.js';
import { buildAccount, buildContact, buildUser, buildWorkspace } from './factories.js';
import { buildTestApp, loginAs, type Session } from './app.js';
import { createRelationship } from '../src/server/modules/accounts/relationships.service.js';
import { mergeAccounts } from '../src/server/modules/accounts/merge.service.js';
import { createCustomField } from '../src/server/modules/custom-fields/custom-fields.service.js';
import { createDepartment } from '../src/server/modules/identity/departments.service.js';
import { createRole } from '../src/server/modules/identity/roles.service.js';
import { createApiKey } from '../src/server/modules/identity/api-keys.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let routes: { method: string; path: string }[];
const ids: Record<string, string> = {};
const markers = {
  accountName: '甲方秘密客户科技有限公司', creditCode: '91330106MA00000016', contactName: '甲方秘密联系人', mobile: '13900001111',
  email: 'secret.person@a-secret.test', department: '甲方秘密部门', customField: '甲方秘密字段', role: '甲方秘密角色', apiKey: '甲方秘密密钥',
};
let outsider: Session;
let scopedRep: Session;

beforeAll(async () => {
  deps = await newTestDeps();
  app = await buildTestApp(deps);
  const a = await buildWorkspace(deps);
  const owner = await buildUser(deps, a, 'sales_rep');
  const account = await buildAccount(deps, a.admin, { name: markers.accountName, creditCode: markers.creditCode, ownerId: owner.id, website: 'https://www.a-secret.test' });
  const loser = await buildAccount(deps, a.admin, { ownerId: owner.id });
  const contact = await buildContact(deps, a.admin, account.id, { name: markers.contactName, mobile: markers.mobile, email: markers.email });
  const rel = await createRelationship(deps, a.admin, { userId: owner.id, contactId: contact.id, strength: 2 });
  const merge = await mergeAccounts(deps, a.admin, account.id, { loserId: loser.id, version: account.version });
  const dept = await createDepartment(deps, a.admin, { name: markers.department, parentId: a.rootDepartmentId });
  const field = await createCustomField(deps, a.admin, { entity: 'account', key: 'secret_field', label: markers.customField, type: 'text', options: [], isRequired: false, position: 0 });
  const role = await createRole(deps, a.admin, { key: 'secret_role', name: markers.role, nameEn: 'Secret', dataScope: 'all', permissions: ['accounts.read'], fieldPermissions: {} });
  const key = await createApiKey(deps, a.admin, markers.apiKey);
  Object.assign(ids, {
    account: account.id, loser: loser.id, contact: contact.id, relationship: rel.id, merge: merge.mergeId, department: dept.id,
    customField: field.id, role: role.id, apiKey: key.id, user: owner.id, tenant: a.tenantId,
  });

  const b = await buildWorkspace(deps);
  outsider = await loginAs(app, b.adminEmail);
  // Same workspace, a rep whose scope (本人) covers none of the records above.
  const rep = await buildUser(deps, a, 'sales_rep');
  scopedRep = await loginAs(app, rep.email);

  const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m)).map((method) => ({ method: method.toUpperCase(), path })))
    // Logging out would end the walking session halfway; logout touches only the caller's own session.
    .filter((r) => r.path !== '/api/v1/auth/logout');
});

afterAll(async () => {
  await app.close();
  await deps.close();
});

/** A body every route can read what it needs from; references point at the other workspace's records. */
function bodyFor(path: string) {
  return {
    version: 1, name: '泄漏测试客户有限公司', lifecycleStage: 'prospect', loserId: ids.loser, contactId: ids.contact, userId: ids.user,
    accountId: ids.account, parentId: ids.account, ownerId: ids.user, roleId: ids.role, departmentId: ids.department, strength: 1,
    ...(path.endsWith('/duplicates') ? { name: markers.accountName, creditCode: markers.creditCode, mobile: markers.mobile, email: markers.email } : {}),
  };
}

function requestsFor(route: { method: string; path: string }) {
  const params = route.path.match(/\{(\w+)\}/g) ?? [];
  const candidates = params.length ? Object.values(ids) : [''];
  return candidates.map((id) => ({
    method: route.method,
    url: route.path.replace(/\{\w+\}/g, id) + (route.method === 'GET' ? (route.path.includes('custom-fields') ? '?entity=account' : route.path.includes('views') ? '?entity=account' : '') : ''),
    payload: ['POST', 'PATCH', 'PUT'].includes(route.method) ? bodyFor(route.path) : undefined,
    hasId: params.length > 0,
  }));
}

describe('tenant and scope isolation over every API route', () => {
  it('documents a healthy number of routes', () => {
    expect(routes.length).toBeGreaterThan(35);
  });

  it('a user of another workspace never reads, changes or learns of this workspace’s records', async () => {
    const secrets = [...Object.values(markers), ...Object.values(ids)];
    for (const route of routes) {
      for (const r of requestsFor(route)) {
        const res = await outsider.request(r);
        expect(res.statusCode, `${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (r.hasId) expect(res.statusCode, `${r.method} ${r.url} must not succeed across workspaces`).toBeGreaterThanOrEqual(400);
        for (const s of secrets) expect(res.body.includes(s), `${r.method} ${r.url} leaked ${s}`).toBe(false);
      }
    }
    expect((await outsider.get('/api/v1/auth/me')).statusCode, 'the walk ran signed in throughout').toBe(200);
  });

  it('a role whose data scope does not cover the records cannot read or change them', async () => {
    const scoped = [markers.accountName, markers.creditCode, markers.contactName, markers.mobile, markers.email, ids.account, ids.contact, ids.relationship];
    const scopedIds = new Set([ids.account, ids.loser, ids.contact, ids.relationship, ids.merge]);
    for (const route of routes) {
      // 查重 deliberately names the existing record and its owner to anyone about to create a duplicate.
      if (route.path.endsWith('/duplicates')) continue;
      for (const r of requestsFor(route)) {
        const res = await scopedRep.request(r);
        expect(res.statusCode, `${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (r.hasId && [...scopedIds].some((id) => r.url.includes(id))) {
          expect(res.statusCode, `${r.method} ${r.url} must not succeed outside the data scope`).toBeGreaterThanOrEqual(400);
        }
        for (const s of scoped) expect(res.body.includes(s), `${r.method} ${r.url} leaked ${s}`).toBe(false);
      }
    }
    expect((await scopedRep.get('/api/v1/auth/me')).statusCode, 'the walk ran signed in throughout').toBe(200);
  });

  it('查重 tells an out-of-scope user who owns the match but does not let them open it', async () => {
    const res = await scopedRep.post('/api/v1/accounts/duplicates', { name: markers.accountName });
    expect(res.statusCode).toBe(200);
    const [m] = res.json().matches;
    expect(m.id).toBe(ids.account);
    expect(m.canOpen).toBe(false);
    expect(m.ownerName).toBeTruthy();
    const other = await outsider.post('/api/v1/accounts/duplicates', { name: markers.accountName });
    expect(other.json().matches).toEqual([]);
  });
});
