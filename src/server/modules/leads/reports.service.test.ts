import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.js';
import { and, eq, inArray } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace } from '../../../../test/factories.js';
import { LogFollowUpInput } from '../../../shared/lead-contracts.js';
import { leadHandovers, leads } from './leads.schema.js';
import { DAY_MS, HOUR_MS } from './leads.text.js';
import { logFollowUp } from './follow-ups.service.js';
import { listLeadsPage } from './leads.service.js';
import { buildLeadReport, listWeekStarts } from './reports.service.js';
import { activateScoringModel, createScoringModel } from './scoring-models.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
// A Wednesday: the week under way has started but not ended.
const wednesday = new Date('2026-11-25T02:00:00Z');
const clock = new TestClock(wednesday);
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

describe('lead report weeks', () => {
  it('"the last 4 weeks" are 4 Mondays, the last one this week', () => {
    expect(listWeekStarts(wednesday, 4, 'Asia/Shanghai')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    // The week turns at midnight Monday in the workspace's time zone (16:00 UTC on Sunday for Shanghai).
    expect(listWeekStarts(new Date('2026-11-22T15:30:00Z'), 1, 'Asia/Shanghai')).toEqual(['2026-11-16']);
    expect(listWeekStarts(new Date('2026-11-22T16:30:00Z'), 1, 'Asia/Shanghai')).toEqual(['2026-11-23']);
  });

  it('counts leads and rejections of the shown weeks only, this week in the last bucket', async () => {
    const ws = await buildWorkspace(deps);
    clock.set(new Date(wednesday.getTime() - 28 * DAY_MS));
    const old = await buildLead(deps, ws.admin, { channel: '展会' });
    clock.set(wednesday);
    const recent = await buildLead(deps, ws.admin, { channel: '官网' });
    const reject = (id: string, at: Date) => deps.db.insert(leadHandovers)
      .values({ tenantId: ws.tenantId, id: newId(), leadId: id, handedOverAt: at, outcome: 'rejected', reason: 'no_budget', decidedAt: at });
    await reject(old.id, new Date(wednesday.getTime() - 28 * DAY_MS));
    await reject(recent.id, wednesday);

    const report = await buildLeadReport(deps, ws.admin, 4);
    expect(report.weeks).toHaveLength(4);
    expect(report.bySourceType.active).toEqual([0, 0, 0, 1]);
    expect(report.byChannel.map((c) => c.channel)).toEqual(['官网']);
    expect(report.rejectionReasons).toEqual([{ reason: 'no_budget', count: 1 }]);
    expect((await buildLeadReport(deps, ws.admin, 5)).bySourceType.active).toEqual([1, 0, 0, 0, 1]);
  });

  it('sums the channels beyond the nine busiest into one bar, so the channel bars add up to every new lead', async () => {
    const ws = await buildWorkspace(deps);
    clock.set(wednesday);
    for (let i = 0; i < 13; i++) await buildLead(deps, ws.admin, { channel: `渠道${i}` });
    await buildLead(deps, ws.admin, { channel: '渠道0' });
    const report = await buildLeadReport(deps, ws.admin, 1);
    expect(report.byChannel).toHaveLength(9);
    expect(report.byChannel[0]).toEqual({ channel: '渠道0', counts: [2] });
    expect(report.otherChannels).toEqual({ channels: 4, counts: [4] });
    const bars = report.byChannel.reduce((s, c) => s + c.counts[0], 0) + report.otherChannels!.counts[0];
    expect(bars).toBe(report.bySourceType.active[0] + report.bySourceType.passive[0]);
  });

  it('marks the week a scoring model took effect, with its MQL threshold', async () => {
    const ws = await buildWorkspace(deps);
    clock.set(new Date(wednesday.getTime() - 14 * DAY_MS));
    const model = await createScoringModel(deps, ws.admin, { basedOn: 'default', mqlThreshold: 45 });
    await activateScoringModel(deps, ws.admin, model.id);
    clock.set(wednesday);
    expect((await buildLeadReport(deps, ws.admin, 4)).modelChanges).toEqual([{ week: '2026-11-09', version: model.version, name: model.name, mqlThreshold: 45 }]);
    expect((await buildLeadReport(deps, ws.admin, 2)).modelChanges).toEqual([]);
  });

  it('counts each person once: a linked repeat and the losing claim of a 撞单 are left out of new leads and MQLs, and the list the bar opens agrees', async () => {
    const ws = await buildWorkspace(deps);
    clock.set(wednesday);
    const first = await buildLead(deps, ws.admin, { channel: '官网', mobile: '13900000001' });
    const repeat = await buildLead(deps, ws.admin, { channel: '官网', mobile: '13900000001', onDuplicate: 'link' });
    expect(repeat.outcome).toBe('linked');
    // 撞单: two reps enter one company; the second rep's valid follow-up wins and the first rep's lead is its repeat.
    const a = await buildUser(deps, ws, 'sales_rep');
    const b = await buildUser(deps, ws, 'sales_rep');
    const company = `撞单报表${newId().slice(-6)}有限公司`;
    const lost = await buildLead(deps, a.actor, { company, channel: '官网', assignToMe: true });
    clock.advance(HOUR_MS);
    const won = await buildLead(deps, b.actor, { company, name: '王五', channel: '官网', assignToMe: true });
    await logFollowUp(deps, b.actor, won.id, LogFollowUpInput.parse({ method: 'call', content: '电话沟通了需求', isValid: true }));
    const [loser] = await deps.db.select().from(leads).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, lost.id)));
    expect(loser.duplicateOfId).toBe(won.id);
    // Both losers had reached MQL before they were found to be repeats.
    await deps.db.update(leads).set({ mqlAt: clock.now() }).where(and(eq(leads.tenantId, ws.tenantId), inArray(leads.id, [first.id, repeat.id, lost.id])));

    const report = await buildLeadReport(deps, ws.admin, 1);
    expect(report.bySourceType.active).toEqual([2]);
    expect(report.byChannel).toEqual([{ channel: '官网', counts: [2] }]);
    expect(report.repeats).toEqual([2]);
    expect(report.mqlToSql.mql).toEqual([1]);

    const week = { createdFrom: new Date(report.weekBounds[0]), createdTo: new Date(report.weekBounds[1]) };
    const list = (duplicates?: 'exclude' | 'only') => listLeadsPage(deps, ws.admin, { view: 'all', channel: ['官网'], ...week, duplicates, sort: 'createdAt', direction: 'asc', limit: 50 })
      .then((p) => p.items.map((l) => l.id));
    expect(await list('exclude')).toEqual([first.id, won.id]);
    expect((await list('only')).sort()).toEqual([repeat.id, lost.id].sort());
    expect(await list()).toHaveLength(4);
  });
});
