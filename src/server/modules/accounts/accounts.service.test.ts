import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestDeps } from '../../../../test/db.js';
import { buildAccount, buildContact, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { withCreditCheckChar } from '../../../shared/normalize.js';
import { createAccount, getAccount, listAccountsPage, updateAccount, deleteAccount, restoreAccount } from './accounts.service.js';
import { listAccountContacts, updateContact } from './contacts.service.js';
import { mergeAccounts, undoMerge } from './merge.service.js';
import { createRelationship } from './relationships.service.js';
import { createDepartment } from '../identity/departments.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let ws: TestWorkspace;
beforeAll(async () => { deps = await newTestDeps(); ws = await buildWorkspace(deps); });
afterAll(async () => { await deps.close(); });

const codeOf = (n: number) => withCreditCheckChar(`91310115MA${String(n).padStart(7, '0')}`);
const errorOf = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected an error'); }, (e: { code: string; details?: unknown }) => e);

describe('查重 on create and edit', () => {
  it('refuses the same company written another way, and names the existing owner', async () => {
    const rep = await buildUser(deps, ws, 'sales_rep', { name: '李娜' });
    const first = await buildAccount(deps, rep.actor, { name: '杭州云栈数据科技有限公司' });
    const e = await errorOf(buildAccount(deps, ws.admin, { name: '杭州云栈数据科技（有限公司）', allowSimilar: true })) as { code: string; details: { matches: { id: string; reasons: string[]; ownerName: string }[]; canOverride: boolean } };
    expect(e.code).toBe('ACCOUNT_DUPLICATE');
    expect(e.details.canOverride).toBe(false);
    expect(e.details.matches[0]).toMatchObject({ id: first.id, reasons: ['name'], ownerName: '李娜' });
  });

  it('refuses a second account with the same credit code even under another name', async () => {
    await buildAccount(deps, ws.admin, { creditCode: codeOf(1) });
    const e = await errorOf(buildAccount(deps, ws.admin, { creditCode: codeOf(1).toLowerCase(), allowSimilar: true })) as { code: string; details: { matches: { reasons: string[] }[] } };
    expect(e.code).toBe('ACCOUNT_DUPLICATE');
    expect(e.details.matches[0].reasons).toContain('credit_code');
  });

  it('warns on similar names and the same domain, and lets the user go on when they choose to', async () => {
    await buildAccount(deps, ws.admin, { name: '深圳市鼎捷智能制造股份有限公司', website: 'https://www.dingjie-im.com' });
    const e = await errorOf(buildAccount(deps, ws.admin, { name: '深圳鼎捷智能制造有限公司', allowSimilar: false })) as { code: string; details: { matches: { reasons: string[]; similarity: number }[]; canOverride: boolean } };
    expect(e.code).toBe('ACCOUNT_DUPLICATE');
    expect(e.details.canOverride).toBe(true);
    expect(e.details.matches[0].reasons).toEqual(['similar_name']);
    const byDomain = await errorOf(buildAccount(deps, ws.admin, { name: '完全不同的名字有限公司', website: 'dingjie-im.com', allowSimilar: false })) as { details: { matches: { reasons: string[] }[] } };
    expect(byDomain.details.matches[0].reasons).toEqual(['domain']);
    const created = await buildAccount(deps, ws.admin, { name: '深圳鼎捷智能制造有限公司', allowSimilar: true });
    expect(created.name).toBe('深圳鼎捷智能制造有限公司');
  });

  it('checks an edit that renames an account onto another', async () => {
    const a = await buildAccount(deps, ws.admin, { name: '成都博远教育科技有限公司' });
    const b = await buildAccount(deps, ws.admin);
    const e = await errorOf(updateAccount(deps, ws.admin, b.id, { version: b.version, name: '成都博远教育科技有限公司' })) as { code: string; details: { matches: { id: string }[] } };
    expect(e.code).toBe('ACCOUNT_DUPLICATE');
    expect(e.details.matches[0].id).toBe(a.id);
  });

  it('lets only one of two concurrent creates of the same company succeed', async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => buildAccount(deps, ws.admin, { name: '并发测试客户有限公司', allowSimilar: true })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('ACCOUNT_DUPLICATE');
  });
});

describe('edits', () => {
  it('rejects a stale version with VERSION_CONFLICT instead of overwriting', async () => {
    const a = await buildAccount(deps, ws.admin);
    const updated = await updateAccount(deps, ws.admin, a.id, { version: a.version, level: 'A' });
    expect(updated.version).toBe(a.version + 1);
    const e = await errorOf(updateAccount(deps, ws.admin, a.id, { version: a.version, level: 'B' })) as { code: string };
    expect(e.code).toBe('VERSION_CONFLICT');
    expect((await getAccount(deps, ws.admin, a.id)).level).toBe('A');
  });

  it('validates custom fields against the workspace definitions', async () => {
    const a = await buildAccount(deps, ws.admin);
    const e = await errorOf(updateAccount(deps, ws.admin, a.id, { version: a.version, custom: { nope: 1 } })) as { code: string; details: { path: string }[] };
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details[0].path).toBe('custom.nope');
  });

  it('deletes softly and restores', async () => {
    const a = await buildAccount(deps, ws.admin);
    await deleteAccount(deps, ws.admin, a.id);
    expect((await errorOf(getAccount(deps, ws.admin, a.id)) as { code: string }).code).toBe('NOT_FOUND');
    const back = await restoreAccount(deps, ws.admin, a.id);
    expect(back.id).toBe(a.id);
  });

  it('refuses a group hierarchy that loops', async () => {
    const group = await buildAccount(deps, ws.admin);
    const sub = await buildAccount(deps, ws.admin, { parentId: group.id });
    const e = await errorOf(updateAccount(deps, ws.admin, group.id, { version: group.version, parentId: sub.id })) as { code: string };
    expect(e.code).toBe('VALIDATION_FAILED');
  });
});

describe('merge', () => {
  it('moves contacts and relationships, fills empty fields, and undo puts everything back', async () => {
    const rep = await buildUser(deps, ws, 'sales_rep');
    const winner = await buildAccount(deps, ws.admin, { name: '武汉长江汽车零部件有限公司', tags: ['国企'] });
    const loser = await buildAccount(deps, ws.admin, { name: '长江汽车零部件（武汉）', creditCode: codeOf(77), industry: 'C', tags: ['重点客户'] });
    const c = await buildContact(deps, ws.admin, loser.id, { name: '马俊', mobile: '13907190123' });
    await createRelationship(deps, ws.admin, { userId: rep.id, contactId: c.id, strength: 3 });

    const { mergeId, account } = await mergeAccounts(deps, ws.admin, winner.id, { loserId: loser.id, version: winner.version });
    expect(account).toMatchObject({ creditCode: codeOf(77), industry: 'C', contactsCount: 1 });
    expect(account.tags.sort()).toEqual(['国企', '重点客户'].sort());
    expect((await listAccountContacts(deps, ws.admin, winner.id)).map((x) => x.id)).toEqual([c.id]);
    expect((await errorOf(getAccount(deps, ws.admin, loser.id)) as { code: string }).code).toBe('NOT_FOUND');

    const undone = await undoMerge(deps, ws.admin, mergeId);
    expect(undone.account).toMatchObject({ id: loser.id, creditCode: codeOf(77), contactsCount: 1 });
    const w = await getAccount(deps, ws.admin, winner.id);
    expect(w).toMatchObject({ creditCode: null, industry: null, contactsCount: 0, tags: ['国企'] });
    expect((await errorOf(undoMerge(deps, ws.admin, mergeId)) as { code: string }).code).toBe('MERGE_UNDO_INVALID');
  });

  it('refuses a stale winner version', async () => {
    const a = await buildAccount(deps, ws.admin);
    const b = await buildAccount(deps, ws.admin);
    await updateAccount(deps, ws.admin, a.id, { version: a.version, level: 'B' });
    expect((await errorOf(mergeAccounts(deps, ws.admin, a.id, { loserId: b.id, version: a.version })) as { code: string }).code).toBe('VERSION_CONFLICT');
  });
});

describe('data scopes and field permissions', () => {
  it('本人 sees own accounts, the manager sees the team, 本部门及下属 covers sub-departments', async () => {
    const own = await buildWorkspace(deps);
    const sales = await createDepartment(deps, own.admin, { name: '销售部', parentId: own.rootDepartmentId });
    const east = await createDepartment(deps, own.admin, { name: '华东组', parentId: sales.id });
    const manager = await buildUser(deps, own, 'sales_manager', { departmentId: sales.id });
    const rep1 = await buildUser(deps, own, 'sales_rep', { departmentId: east.id, managerId: manager.id });
    const rep2 = await buildUser(deps, own, 'sales_rep', { departmentId: east.id, managerId: manager.id });
    const a1 = await buildAccount(deps, rep1.actor);
    const a2 = await buildAccount(deps, rep2.actor);
    const outside = await buildAccount(deps, own.admin);
    const ids = async (actor: typeof rep1.actor) => (await listAccountsPage(deps, actor, { sort: 'updatedAt', direction: 'desc', limit: 50 })).items.map((a) => a.id).sort();
    expect(await ids(rep1.actor)).toEqual([a1.id]);
    expect(await ids(manager.actor)).toEqual([a1.id, a2.id].sort());
    expect(await ids(own.admin)).toEqual([a1.id, a2.id, outside.id].sort());
    expect((await errorOf(getAccount(deps, rep1.actor, a2.id)) as { code: string }).code).toBe('NOT_FOUND');
    expect((await errorOf(updateAccount(deps, rep1.actor, a2.id, { version: 1, level: 'A' })) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('masks a contact mobile for marketing and refuses a write to it, but keeps the real value', async () => {
    const mkt = await buildUser(deps, ws, 'marketing');
    const a = await buildAccount(deps, ws.admin);
    const c = await buildContact(deps, ws.admin, a.id, { mobile: '13812345678', email: 'li.na@example.com' });
    const seen = (await listAccountContacts(deps, mkt.actor, a.id))[0];
    expect(seen.mobile).toBe('138****5678');
    expect(seen.email).toBe('l***@example.com');
    const account = await getAccount(deps, mkt.actor, a.id);
    expect('annualRevenue' in account).toBe(false);
    // The masked value sent back unchanged is not a change; a new value is refused.
    const contactsWriter = { ...mkt.actor, permissions: new Set([...mkt.actor.permissions, 'contacts.write']) };
    await updateContact(deps, contactsWriter, c.id, { version: c.version, mobile: '138****5678', title: '采购经理' });
    expect((await listAccountContacts(deps, ws.admin, a.id))[0]).toMatchObject({ mobile: '13812345678', title: '采购经理' });
    const e = await errorOf(updateContact(deps, contactsWriter, c.id, { version: c.version + 1, mobile: '13900000000' })) as { code: string };
    expect(e.code).toBe('FIELD_READ_ONLY');
  });
});

describe('contacts', () => {
  it('refuses a second contact with the same mobile in another written form', async () => {
    const a = await buildAccount(deps, ws.admin);
    await buildContact(deps, ws.admin, a.id, { mobile: '13511112222' });
    const e = await errorOf(buildContact(deps, ws.admin, a.id, { name: '另一人', mobile: '+86 135-1111-2222' })) as { code: string; details: { matches: { reasons: string[] }[] } };
    expect(e.code).toBe('CONTACT_DUPLICATE');
    expect(e.details.matches[0].reasons).toEqual(['mobile']);
  });

  it('keeps one primary contact per account', async () => {
    const a = await buildAccount(deps, ws.admin);
    await buildContact(deps, ws.admin, a.id, { name: '甲', isPrimary: true });
    await buildContact(deps, ws.admin, a.id, { name: '乙', isPrimary: true });
    const list = await listAccountContacts(deps, ws.admin, a.id);
    expect(list.filter((c) => c.isPrimary).map((c) => c.name)).toEqual(['乙']);
  });
});

describe('creation defaults', () => {
  it('makes the creator the owner and refuses an owner outside the creator’s scope', async () => {
    const rep = await buildUser(deps, ws, 'sales_rep');
    const other = await buildUser(deps, ws, 'sales_rep');
    const a = await createAccount(deps, rep.actor, { name: '归属测试客户有限公司', lifecycleStage: 'prospect', tags: [], custom: {}, allowSimilar: true });
    expect(a.ownerId).toBe(rep.id);
    const e = await errorOf(createAccount(deps, rep.actor, { name: '归属测试客户二有限公司', ownerId: other.id, lifecycleStage: 'prospect', tags: [], custom: {}, allowSimilar: true })) as { code: string };
    expect(e.code).toBe('FORBIDDEN');
  });
});
