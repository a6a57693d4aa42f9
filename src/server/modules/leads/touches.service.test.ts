import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, notLike } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildAccount, buildContact, buildLead, buildUser, buildWorkspace, storedLeads } from '../../../../test/factories.js';
import { getLead } from './leads.service.js';
import { AppError } from '../../http/errors.js';
import { leadTouches } from './leads.schema.js';
import { recordTouches } from './touches.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const at = (minutesAgo = 0) => new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString();
// Under the default model: fit 38 (制造业 20, 500-999 人 15, 被动来源 3) + 5 for the capture's 报名活动 touch = 43,
// tier C, below the MQL line of 60.
const fitLead = { industry: 'C', employeeSize: '500-999', source: 'event_signup' } as const;

async function leadRow(tenantId: string, id: string) {
  const [row] = await storedLeads(deps.db, tenantId, [id]);
  return row;
}

/** Touches recorded through the ingestion API, leaving out the one capture records with each lead. */
async function countTouches(tenantId: string) {
  return (await deps.db.select({ id: leadTouches.id }).from(leadTouches).where(and(eq(leadTouches.tenantId, tenantId), notLike(leadTouches.eventId, 'capture:%')))).length;
}

describe('recording touches', () => {
  it('records a touch on a lead and rescores it in the same step, making it an MQL', async () => {
    const ws = await buildWorkspace(deps);
    const lead = await buildLead(deps, ws.admin, fitLead);
    expect((await leadRow(ws.tenantId, lead.id)).status).toBe('nurturing');
    const [outcome] = await recordTouches(deps, ws.admin, [{ eventId: 'evt-1', type: 'demo_requested', label: '预约产品演示', occurredAt: at(10), leadId: lead.id }]);
    expect(outcome).toMatchObject({ index: 0, eventId: 'evt-1', outcome: 'recorded', leadId: lead.id });
    const row = await leadRow(ws.tenantId, lead.id);
    expect(row.score).toBe(68);
    expect(row.engagementScore).toBe(30);
    expect(row.status).toBe('mql');
    expect(row.tier).toBe('B');
    expect((await getLead(deps, ws.admin, lead.id)).scoreExplanation.some((e) => e.label === '预约产品演示' && e.points === 25)).toBe(true);
  });

  it('is idempotent by event id: a repeat, stored or in the same batch, changes nothing', async () => {
    const ws = await buildWorkspace(deps);
    const lead = await buildLead(deps, ws.admin, fitLead);
    const event = { eventId: 'same', type: 'content_downloaded', occurredAt: at(), leadId: lead.id };
    const first = await recordTouches(deps, ws.admin, [event, { ...event, type: 'demo_requested' }]);
    expect(first.map((o) => o.outcome)).toEqual(['recorded', 'duplicate']);
    const scored = await leadRow(ws.tenantId, lead.id);
    const again = await recordTouches(deps, ws.admin, [{ ...event, type: 'trial_signup' }]);
    expect(again[0].outcome).toBe('duplicate');
    expect(await countTouches(ws.tenantId)).toBe(1);
    const after = await leadRow(ws.tenantId, lead.id);
    expect(after.score).toBe(scored.score);
    expect(after.engagementScore).toBe(5 + 8);
  });

  it('matches by normalised mobile or email to the open lead, else the contact, else reports unmatched', async () => {
    const ws = await buildWorkspace(deps);
    const lead = await buildLead(deps, ws.admin, { ...fitLead, mobile: '13811112222', email: 'Li.Na@Example.com' });
    const account = await buildAccount(deps, ws.admin);
    const contact = await buildContact(deps, ws.admin, account.id, { email: 'buyer@customer.test' });
    const outcomes = await recordTouches(deps, ws.admin, [
      { eventId: 'm', type: 'email_opened', occurredAt: at(), mobile: '+86 138-1111-2222' },
      { eventId: 'e', type: 'email_clicked', occurredAt: at(), email: 'li.na@example.com' },
      { eventId: 'c', type: 'webinar_watched', occurredAt: at(), email: 'BUYER@customer.test' },
      { eventId: 'cid', type: 'partner_referral', occurredAt: at(), contactId: contact.id },
      { eventId: 'none', type: 'site_visit', occurredAt: at(), email: 'nobody@nowhere.test' },
    ]);
    expect(outcomes.map((o) => [o.outcome, o.leadId ?? o.contactId ?? null])).toEqual([
      ['recorded', lead.id], ['recorded', lead.id], ['recorded', contact.id], ['recorded', contact.id], ['unmatched', null],
    ]);
    expect((await leadRow(ws.tenantId, lead.id)).engagementScore).toBe(5 + 1 + 3);
  });

  it('reports invalid events one by one and still records the rest, in the order sent', async () => {
    const ws = await buildWorkspace(deps);
    const lead = await buildLead(deps, ws.admin);
    const outcomes = await recordTouches(deps, ws.admin, [
      { eventId: 'future', type: 'site_visit', occurredAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString(), leadId: lead.id },
      { eventId: 'ok', type: 'site_visit', occurredAt: new Date(clock.now().getTime() + 2 * 60_000).toISOString(), leadId: lead.id },
      { eventId: 'bad-type', type: 'Site Visit', occurredAt: at(), leadId: lead.id },
      { eventId: 'big', type: 'site_visit', occurredAt: at(), leadId: lead.id, properties: { blob: 'x'.repeat(5000) } },
      { eventId: 'nowhere', type: 'site_visit', occurredAt: at() },
      'not an event',
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['invalid', 'recorded', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(outcomes[0].error).toContain('occurredAt');
    expect(outcomes[3].error).toContain('4 KB');
    expect(outcomes[5]).toMatchObject({ index: 5, eventId: null });
    expect(await countTouches(ws.tenantId)).toBe(1);
  });

  it('records a batch of 1,000 events across many leads in one call', async () => {
    const ws = await buildWorkspace(deps);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await buildLead(deps, ws.admin)).id);
    const events = Array.from({ length: 1000 }, (_, i) => ({ eventId: `bulk-${i}`, type: 'email_opened', occurredAt: at(i % 60), leadId: ids[i % ids.length] }));
    const outcomes = await recordTouches(deps, ws.admin, events);
    expect(outcomes.filter((o) => o.outcome === 'recorded')).toHaveLength(1000);
    expect(await countTouches(ws.tenantId)).toBe(1000);
    // 50 opens per lead at 1 point each, barely decayed within the hour: engagement reaches 50, the cap.
    expect((await leadRow(ws.tenantId, ids[0])).engagementScore).toBe(50);
  });

  it('stays within the actor’s workspace and data scope', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const owner = await buildUser(deps, ws, 'sales_rep');
    const peer = await buildUser(deps, ws, 'sales_rep');
    const lead = await buildLead(deps, owner.actor, { assignToMe: true, mobile: '13922223333' });
    const foreign = await recordTouches(deps, other.admin, [
      { eventId: 'x1', type: 'site_visit', occurredAt: at(), leadId: lead.id },
      { eventId: 'x2', type: 'site_visit', occurredAt: at(), mobile: '13922223333' },
    ]);
    expect(foreign.map((o) => o.outcome)).toEqual(['unmatched', 'unmatched']);
    const peers = await recordTouches(deps, peer.actor, [{ eventId: 'p1', type: 'site_visit', occurredAt: at(), leadId: lead.id }]);
    expect(peers[0].outcome).toBe('unmatched');
    const own = await recordTouches(deps, owner.actor, [{ eventId: 'o1', type: 'site_visit', occurredAt: at(), mobile: '13922223333' }]);
    expect(own[0]).toMatchObject({ outcome: 'recorded', leadId: lead.id });
    expect(await countTouches(other.tenantId)).toBe(0);
  });

  it('requires leads.write', async () => {
    const ws = await buildWorkspace(deps);
    const cs = await buildUser(deps, ws, 'customer_success');
    const err = await recordTouches(deps, cs.actor, [{ eventId: 'z', type: 'site_visit', occurredAt: at(), email: 'a@b.test' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FORBIDDEN');
  });
});
