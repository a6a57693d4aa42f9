import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.js';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildWorkspace } from '../../../../test/factories.js';
import { leadHandovers } from './leads.schema.js';
import { DAY_MS } from './leads.text.js';
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
});
