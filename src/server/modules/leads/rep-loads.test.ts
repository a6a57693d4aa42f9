// Reps' loads (库容) as routing reads them: kept by triggers on leads (migrations 0008 and 0010), whatever path writes the lead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace } from '../../../../test/factories.js';
import { Rng } from '../../../../bench/data/random.js';
import { jsonRecordset, queryRows } from '../../db/client.js';
import { countHeldLeads, foldLeadLoadChanges } from './leads.repository.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
beforeAll(async () => { deps = await newTestDeps(new TestClock()); });
afterAll(async () => { await deps.close(); });

/** The held open leads per rep, counted from the leads themselves. */
async function countedFromLeads(tenantId: string) {
  const rows = await queryRows<{ ownerId: string; n: number }>(deps.db, sql`
    select owner_id as "ownerId", count(*)::int as n from leads
    where tenant_id = ${tenantId} and owner_id is not null and deleted_at is null and status not in ('converted', 'invalid')
    group by owner_id`);
  return Object.fromEntries(rows.map((r) => [r.ownerId, r.n]));
}

describe('rep loads', () => {
  it('match a count of the leads after every kind of change, folded or not', async () => {
    const ws = await buildWorkspace(deps);
    const reps = await Promise.all([1, 2, 3].map((i) => buildUser(deps, ws, 'sales_rep', { name: `销售${i}` })));
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await buildLead(deps, ws.admin)).id);
    // Seeded, so a failing sequence replays.
    const rng = new Rng(20261127);
    const pick = <T>(xs: readonly T[]) => rng.pick(xs);
    const statuses = ['new', 'nurturing', 'mql', 'sql', 'converted', 'invalid', 'returned'] as const;
    const repIds = reps.map((r) => r.id);
    const loads = async () => Object.fromEntries([...(await countHeldLeads(deps.db, ws.tenantId, repIds))].filter(([, n]) => n !== 0));

    for (let step = 0; step < 150; step++) {
      const id = pick(ids);
      const change = pick(['owner', 'owner', 'release', 'status', 'delete', 'restore', 'several', 'insert', 'remove', 'fold'] as const);
      if (change === 'owner') await deps.db.execute(sql`update leads set owner_id = ${pick(repIds)}, pool_id = null where tenant_id = ${ws.tenantId} and id = ${id}`);
      if (change === 'release') await deps.db.execute(sql`update leads set owner_id = null where tenant_id = ${ws.tenantId} and id = ${id}`);
      if (change === 'status') await deps.db.execute(sql`update leads set status = ${pick(statuses)} where tenant_id = ${ws.tenantId} and id = ${id}`);
      if (change === 'delete') await deps.db.execute(sql`update leads set deleted_at = now() where tenant_id = ${ws.tenantId} and id = ${id}`);
      if (change === 'restore') await deps.db.execute(sql`update leads set deleted_at = null where tenant_id = ${ws.tenantId} and id = ${id}`);
      // One statement moving many leads at once, as the recycle sweep and bulk assignment do.
      if (change === 'several') await deps.db.execute(sql`update leads set owner_id = ${pick(repIds)}, pool_id = null where tenant_id = ${ws.tenantId} and id in ${ids.filter(() => rng.chance(0.4)).concat(id)}`);
      // One statement inserting leads for several owners at once, open and closed, some unowned, as a capture batch,
      // an import or a COPY does.
      if (change === 'insert') {
        const rows = Array.from({ length: 1 + rng.int(0, 6) }, () => ({
          id: randomUUID(), ownerId: rng.chance(0.8) ? pick(repIds) : null, status: pick(statuses), deleted: rng.chance(0.1),
        }));
        await deps.db.execute(sql`
          insert into leads (tenant_id, id, name, source_type, source, capture_method, status, owner_id, deleted_at)
          select ${ws.tenantId}::uuid, r.id, '批量线索', 'active', 'consultation', 'import', r.status, r."ownerId",
            case when r.deleted then now() end
          from ${jsonRecordset(rows)} as r(id uuid, "ownerId" uuid, status text, deleted boolean)`);
        ids.push(...rows.map((r) => r.id));
      }
      if (change === 'remove') {
        await deps.db.execute(sql`delete from lead_scores where tenant_id = ${ws.tenantId} and lead_id = ${id}`);
        await deps.db.execute(sql`delete from lead_recycle_checks where tenant_id = ${ws.tenantId} and lead_id = ${id}`);
        await deps.db.execute(sql`delete from lead_touches where tenant_id = ${ws.tenantId} and lead_id = ${id}`);
        await deps.db.execute(sql`delete from lead_ownership where tenant_id = ${ws.tenantId} and lead_id = ${id}`);
        await deps.db.execute(sql`delete from leads where tenant_id = ${ws.tenantId} and id = ${id}`);
        ids.splice(ids.indexOf(id), 1);
        ids.push((await buildLead(deps, ws.admin)).id);
      }
      if (change === 'fold') await foldLeadLoadChanges(deps.db, ws.tenantId);
      expect(await loads(), `step ${step}: ${change} ${id}`).toEqual(await countedFromLeads(ws.tenantId));
    }
    // Folding leaves one row per rep and nothing to add.
    await foldLeadLoadChanges(deps.db, ws.tenantId);
    const [{ n }] = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from lead_load_changes where tenant_id = ${ws.tenantId}`);
    expect(n).toBe(0);
    expect(await loads()).toEqual(await countedFromLeads(ws.tenantId));
  });

  it('leave a change rolled back out of the load', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const { id } = await buildLead(deps, ws.admin);
    await deps.db.transaction(async (tx) => {
      await tx.execute(sql`update leads set owner_id = ${rep.id}, pool_id = null where tenant_id = ${ws.tenantId} and id = ${id}`);
      expect((await countHeldLeads(tx, ws.tenantId, [rep.id])).get(rep.id)).toBe(1);
      tx.rollback();
    }).catch(() => {});
    expect((await countHeldLeads(deps.db, ws.tenantId, [rep.id])).get(rep.id) ?? 0).toBe(0);
  });
});
