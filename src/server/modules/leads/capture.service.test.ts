import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildAccount, buildLead, buildUser, buildWorkspace, nextMobile, storedLeads, type TestWorkspace } from '../../../../test/factories.js';
import { updateRepSettings } from './lead-settings.service.js';
import { CreateLeadInput } from '../../../shared/lead-contracts.js';
import { captureLeads } from './capture.service.js';
import { getLead } from './leads.service.js';
import { AppError } from '../../http/errors.js';
import { leadOwnership, leads } from './leads.schema.js';
import { routingRules } from './lead-rules.schema.js';
import { newId } from '../../db/ids.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

async function teamRule(ws: TestWorkspace, repIds: string[], position = 1) {
  await deps.db.insert(routingRules).values({
    tenantId: ws.tenantId, id: newId(), position, name: '全国团队', conditions: [],
    target: { kind: 'team', repIds, strategy: 'round_robin' },
  });
}

describe('capturing a lead', () => {
  it('sends a lead of a company someone holds to that person only when they can take it, and says why not', async () => {
    const ws = await buildWorkspace(deps);
    const routed = await buildUser(deps, ws, 'sales_rep', { name: '赵敏' });
    const holder = await buildUser(deps, ws, 'sales_rep', { name: '钱坤' });
    const cs = await buildUser(deps, ws, 'customer_success', { name: '孙悦' });
    await teamRule(ws, [routed.id]);
    const company = async (ownerId: string) => (await buildAccount(deps, ws.admin, { ownerId })).name;
    const reasonOf = async (id: string) => (await storedLeads(deps.db, ws.tenantId, [id]))[0].assignmentReason?.zh ?? '';

    // A rep who holds the account gets it, though no rule names them.
    const held = await buildLead(deps, ws.admin, { company: await company(holder.id) });
    if (held.outcome !== 'created') throw new Error('not created');
    expect(held.ownerId).toBe(holder.id);
    expect(await reasonOf(held.id)).toContain('避免撞单');
    // Customer success holds this account, but cannot see leads: the rules decide, and the reason says why.
    const csCompany = await buildLead(deps, ws.admin, { company: await company(cs.id) });
    if (csCompany.outcome !== 'created') throw new Error('not created');
    expect(csCompany.ownerId).toBe(routed.id);
    expect(await reasonOf(csCompany.id)).toContain('孙悦 角色看不到线索，改按规则分配');
    // On leave, or at capacity: the same.
    const holderCompany = await company(holder.id);
    await updateRepSettings(deps, ws.admin, holder.id, { capacity: 200, weight: 1, isAvailable: false, unavailableUntil: null });
    const away = await buildLead(deps, ws.admin, { company: holderCompany });
    if (away.outcome !== 'created') throw new Error('not created');
    expect(away.ownerId).toBe(routed.id);
    expect(await reasonOf(away.id)).toContain('钱坤 请假中');
    await updateRepSettings(deps, ws.admin, holder.id, { capacity: 1, weight: 1, isAvailable: true });
    const full = await buildLead(deps, ws.admin, { name: '周杰', company: holderCompany });
    if (full.outcome !== 'created') throw new Error('not created');
    expect(full.ownerId).toBe(routed.id);
    expect(await reasonOf(full.id)).toContain('钱坤 库容已满');
  });

  it('scores it, routes it round-robin to the team and records why', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep', { name: '张三' });
    const b = await buildUser(deps, ws, 'sales_rep', { name: '李四' });
    await teamRule(ws, [a.id, b.id]);
    const first = await buildLead(deps, ws.admin, { industry: 'C', employeeSize: '500-999', title: '总经理', province: '广东省' });
    const second = await buildLead(deps, ws.admin);
    expect(first.outcome).toBe('created');
    if (first.outcome !== 'created' || second.outcome !== 'created') throw new Error('not created');
    expect(new Set([first.ownerId, second.ownerId])).toEqual(new Set([a.id, b.id]));
    const [row] = await storedLeads(deps.db, ws.tenantId, [first.id]);
    expect(row.score).toBeGreaterThan(0);
    expect(row.region).toBe('华南');
    // The detail explains the stored score line by line, and the lines add up to it.
    const detail = await getLead(deps, ws.admin, first.id);
    expect(detail.scoreExplanation.some((e) => e.label.includes('行业'))).toBe(true);
    expect(detail.scoreExplanation.reduce((sum, e) => sum + e.points, 0)).toBe(row.score);
    expect(row.assignmentReason?.zh).toContain('全国团队');
    expect(row.slaState).not.toBe('none');
    const history = await deps.db.select().from(leadOwnership).where(and(eq(leadOwnership.tenantId, ws.tenantId), eq(leadOwnership.leadId, first.id)));
    expect(history).toHaveLength(1);
    expect(history[0].toOwnerId).toBe(first.ownerId);
  });

  it('answers a mixed batch in input order: a repeat inside the batch folds into its first lead, a stored one is refused', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep', { name: '王五' });
    await teamRule(ws, [rep.id]);
    const stored = await buildLead(deps, ws.admin, { mobile: '13900001111', company: null });
    const repeated = nextMobile();
    const inputs = [
      { name: '赵敏', mobile: repeated, source: 'trial' },
      { name: '钱多多', mobile: '+86 139-0000-1111', source: 'consultation' },
      { name: '赵敏', mobile: repeated, company: '杭州云启科技有限公司', source: 'trial', onDuplicate: 'merge' },
      { name: '孙丽', mobile: nextMobile(), source: 'content_download' },
    ].map((i) => CreateLeadInput.parse(i));
    const outcomes = await captureLeads(deps, ws.admin, inputs, { method: 'api' });
    expect(outcomes.map((o) => [o.index, o.outcome])).toEqual([[0, 'created'], [1, 'duplicate'], [2, 'merged'], [3, 'created']]);
    const [first, refused, merged, last] = outcomes;
    if (first.outcome !== 'created' || refused.outcome !== 'duplicate' || merged.outcome !== 'merged' || last.outcome !== 'created') throw new Error('unexpected outcomes');
    expect(refused.matches.map((m) => m.id)).toEqual([stored.id]);
    expect(merged.id).toBe(first.id);
    const rows = await storedLeads(deps.db, ws.tenantId, [first.id, last.id]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ ownerId: rep.id, score: expect.any(Number) });
    // The repeat filled what the first submission lacked.
    expect(rows.find((r) => r.id === first.id)?.company).toBe('杭州云启科技有限公司');
    expect(await storedLeads(deps.db, ws.tenantId)).toHaveLength(3);
    // Refused as a repeat of an earlier row of the same batch, the outcome says which row.
    const again = nextMobile();
    const [, repeat] = await captureLeads(deps, ws.admin, [{ name: '周一', mobile: again, source: 'trial' }, { name: '周一', mobile: again, source: 'trial', onDuplicate: 'refuse' }]
      .map((i) => CreateLeadInput.parse(i)), { method: 'api' });
    expect(repeat).toEqual({ index: 1, outcome: 'duplicate', matches: [], duplicateOfIndex: 0 });
  });

  it('refuses the same mobile in another written form, merges or links on request', async () => {
    const ws = await buildWorkspace(deps);
    const created = await buildLead(deps, ws.admin, { mobile: '13812345678', company: null });
    const err = await buildLead(deps, ws.admin, { mobile: '+86 138-1234-5678' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('LEAD_DUPLICATE');
    expect(((err as AppError).details as { matches: { id: string }[] }).matches[0].id).toBe(created.id);
    const merged = await buildLead(deps, ws.admin, { mobile: '8613812345678', company: '合并后补上的公司有限公司', onDuplicate: 'merge' });
    expect(merged).toMatchObject({ outcome: 'merged', id: created.id });
    const [row] = await deps.db.select().from(leads).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, created.id)));
    expect(row.company).toBe('合并后补上的公司有限公司');
    const linked = await buildLead(deps, ws.admin, { mobile: '13812345678', onDuplicate: 'link' });
    expect(linked.outcome).toBe('linked');
    const count = await deps.db.select().from(leads).where(eq(leads.tenantId, ws.tenantId));
    expect(count).toHaveLength(2);
  });

  it('knows a person by a WeChat id alone: a repeat is refused with the match, in a batch it folds into the first', async () => {
    const ws = await buildWorkspace(deps);
    const wechat = `wx_${newId().slice(-8)}`;
    const first = await buildLead(deps, ws.admin, { mobile: null, wechat });
    const err = await buildLead(deps, ws.admin, { name: '另一个名字', mobile: null, wechat }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LEAD_DUPLICATE', details: { matches: [expect.objectContaining({ id: first.id, reasons: ['wechat'] })] } });
    const other = `wx_${newId().slice(-8)}`;
    const batch = await captureLeads(deps, ws.admin, [other, other].map((w) => CreateLeadInput.parse({ name: '微信客户', wechat: w, source: 'consultation' })), { method: 'api', onDuplicate: 'merge' });
    expect(batch.map((o) => o.outcome)).toEqual(['created', 'merged']);
    expect(await deps.db.select().from(leads).where(eq(leads.tenantId, ws.tenantId))).toHaveLength(2);
  });

  it('asks about a namesake at the same company under another mobile, and keeps the other mobile when merged', async () => {
    const ws = await buildWorkspace(deps);
    const first = await buildLead(deps, ws.admin, { name: '王伟', company: '苏州工业园区恒润精密机械有限公司', mobile: '13900002222', email: 'wangwei@hengrun.cn' });
    // Entered by hand: refused with the match and why, so the person entering it decides.
    const err = await buildLead(deps, ws.admin, { name: '王 伟', company: '苏州工业园区恒润精密机械（有限公司）', mobile: '13700003333' }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('LEAD_DUPLICATE');
    expect(((err as AppError).details as { matches: { id: string; reasons: string[] }[] }).matches)
      .toEqual([expect.objectContaining({ id: first.id, reasons: ['company', 'name'] })]);
    // A colleague at the same company is not asked about.
    expect((await buildLead(deps, ws.admin, { name: '陈静', company: '苏州工业园区恒润精密机械有限公司' })).outcome).toBe('created');
    // Merged by the person who saw the match: the lead keeps its own mobile and email, and notes the other ones, once.
    const input = { name: '王伟', company: '苏州工业园区恒润精密机械有限公司', mobile: '137-0000-3333', email: 'ww@hengrun.cn', onDuplicate: 'merge' as const };
    expect(await buildLead(deps, ws.admin, input)).toMatchObject({ outcome: 'merged', id: first.id });
    expect(await buildLead(deps, ws.admin, input)).toMatchObject({ outcome: 'merged', id: first.id });
    const [row] = await storedLeads(deps.db, ws.tenantId, [first.id]);
    expect(row).toMatchObject({ mobile: '13900002222', email: 'wangwei@hengrun.cn', notes: '另留手机 / other mobile: 13700003333\n另留邮箱 / other email: ww@hengrun.cn' });
    // A form or an integration that merges repeats does not fold a namesake in: it stays a lead of its own.
    const fromApi = await buildLead(deps, ws.admin, { ...input, mobile: '13600004444', email: null }, { method: 'api' });
    expect(fromApi.outcome).toBe('created');
    // "Create anyway and link" keeps both, linked: the new lead names the namesake it may repeat, and its page says so.
    const linked = await buildLead(deps, ws.admin, { name: '王伟', company: '苏州工业园区恒润精密机械有限公司', mobile: '13500005555', onDuplicate: 'link' });
    if (linked.outcome !== 'linked') throw new Error(`expected linked, got ${linked.outcome}`);
    expect((await storedLeads(deps.db, ws.tenantId, [linked.id]))[0].duplicateOfId).toBe(first.id);
    expect((await getLead(deps, ws.admin, linked.id)).duplicateOf).toEqual({ id: first.id, label: '王伟（苏州工业园区恒润精密机械有限公司）' });
  });

  it('sends a lead of a company a rep already holds to that rep', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const b = await buildUser(deps, ws, 'sales_rep');
    await teamRule(ws, [a.id, b.id]);
    const first = await buildLead(deps, ws.admin, { company: '深圳市同一家科技有限公司' });
    const again = await buildLead(deps, ws.admin, { company: '深圳市同一家科技（有限公司）', name: '王五' });
    if (first.outcome !== 'created' || again.outcome !== 'created') throw new Error('not created');
    expect(again.ownerId).toBe(first.ownerId);
  });
});
