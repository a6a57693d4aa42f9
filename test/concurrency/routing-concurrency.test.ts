// Many leads routed by several workers at once: every lead gets exactly one owner, no rep goes over capacity, and the
// round-robin stays even. On PostgreSQL the workers run on separate connections, so the transactions really overlap;
// on PGlite the driver serialises them, and the same assertions must hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../db.js';
import { buildUser, buildWorkspace, nextMobile, type TestWorkspace } from '../factories.js';
import { openDatabase, type Database } from '../../src/server/db/client.js';
import { newId } from '../../src/server/db/ids.js';
import type { AppDeps } from '../../src/server/deps.js';
import { CreateLeadInput } from '../../src/shared/lead-contracts.js';
import { captureLeads } from '../../src/server/modules/leads/capture.service.js';
import { routeUnroutedLeads } from '../../src/server/modules/leads/assign.service.js';
import { CreateRoutingRuleInput, createRoutingRule, updateRoutingRule } from '../../src/server/modules/leads/routing-rules.service.js';
import { updateRepSettings } from '../../src/server/modules/leads/lead-settings.service.js';
import { leadOwnership, leads } from '../../src/server/modules/leads/leads.schema.js';
import { pools, routingState } from '../../src/server/modules/leads/lead-rules.schema.js';
import { DEFAULT_CLAIM_RULES } from '../../src/server/modules/leads/leads.claim.js';
import { DEFAULT_RECYCLE_RULES } from '../../src/server/modules/leads/leads.recycle.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let wide: Database | undefined;
/** The workers' deps: a pool of 8 connections on PostgreSQL, so 8 transactions can be in flight at once. */
let workers: AppDeps;
const clock = new TestClock();

beforeAll(async () => {
  deps = await newTestDeps(clock);
  const url = process.env.TEST_DATABASE_URL;
  if (url) wide = await openDatabase({ databaseUrl: url, poolSize: 8 });
  workers = wide ? { ...deps, db: wide.db, database: wide } : deps;
});
afterAll(async () => {
  await wide?.close();
  await deps.close();
});

let seq = 0;
function inputs(n: number): CreateLeadInput[] {
  return Array.from({ length: n }, () => {
    seq += 1;
    return CreateLeadInput.parse({ name: `并发${seq}`, company: `并发测试${newId().slice(-10)}有限公司`, mobile: nextMobile(), source: 'consultation' });
  });
}

async function buildTeam(ws: TestWorkspace, size: number, capacity: number) {
  const reps = [];
  for (let i = 0; i < size; i++) {
    const rep = await buildUser(deps, ws, 'sales_rep', { name: `销售${i + 1}` });
    await updateRepSettings(deps, ws.admin, rep.id, { capacity, weight: 1, isAvailable: true });
    reps.push(rep);
  }
  return reps;
}

async function buildPool(ws: TestWorkspace, name: string) {
  const id = newId();
  await deps.db.insert(pools).values({ tenantId: ws.tenantId, id, name, claimRules: DEFAULT_CLAIM_RULES, recycleRules: DEFAULT_RECYCLE_RULES });
  return id;
}

async function ownersOf(ws: TestWorkspace) {
  const rows = await deps.db.select({ ownerId: leads.ownerId, n: sql<number>`count(*)::int` }).from(leads)
    .where(and(eq(leads.tenantId, ws.tenantId), isNotNull(leads.ownerId))).groupBy(leads.ownerId);
  return new Map(rows.map((r) => [r.ownerId!, r.n]));
}

/** Per lead, how many 'assign' history rows gave it an owner: exactly one each, or a lead was assigned twice. */
async function assignRowsPerLead(ws: TestWorkspace) {
  return deps.db.select({ leadId: leadOwnership.leadId, n: sql<number>`count(*)::int` }).from(leadOwnership)
    .where(and(eq(leadOwnership.tenantId, ws.tenantId), eq(leadOwnership.action, 'assign'), isNotNull(leadOwnership.toOwnerId))).groupBy(leadOwnership.leadId);
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('查重 under concurrency', () => {
  it('the same people captured by 4 callers at once (an import run twice, a double submit) are stored once', async () => {
    const ws = await buildWorkspace(deps);
    const people = inputs(30).map((p) => ({ ...p, onDuplicate: 'merge' as const }));
    const runs = await Promise.all(Array.from({ length: 4 }, () => captureLeads(workers, ws.admin, people, { method: 'import', onDuplicate: 'merge' })));
    const stored = await deps.db.select({ mobile: leads.mobileNorm }).from(leads).where(eq(leads.tenantId, ws.tenantId));
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((l) => l.mobile)).size).toBe(30);
    // One run created them; the other three found them and merged.
    const created = runs.flat().filter((o) => o.outcome === 'created');
    expect(created).toHaveLength(30);
    expect(runs.flat().filter((o) => o.outcome === 'merged')).toHaveLength(90);
  });
});

describe('routing under concurrency', () => {
  it('8 capture batches and 3 route-unrouted runs at once: one owner per lead, capacity kept, round-robin even', async () => {
    const ws = await buildWorkspace(deps);
    const reps = await buildTeam(ws, 4, 60);
    // 40 leads arrive before any rule exists and wait unrouted.
    await captureLeads(deps, ws.admin, inputs(40), { method: 'api' });
    const rule = await createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse({
      name: '全国轮询', conditions: [], target: { kind: 'team', repIds: reps.map((r) => r.id), strategy: 'round_robin' },
    }));

    const batches = Array.from({ length: 8 }, () => inputs(25));
    await Promise.all([
      ...batches.map((batch) => captureLeads(workers, ws.admin, batch, { method: 'api' })),
      ...Array.from({ length: 3 }, () => routeUnroutedLeads(workers, ws.admin, { batchSize: 10 })),
    ]);

    const all = await deps.db.select().from(leads).where(eq(leads.tenantId, ws.tenantId));
    expect(all).toHaveLength(240);
    expect(all.filter((l) => !l.ownerId)).toEqual([]);
    const perLead = await assignRowsPerLead(ws);
    expect(perLead).toHaveLength(240);
    expect(perLead.filter((r) => r.n !== 1)).toEqual([]);

    const owners = await ownersOf(ws);
    expect([...owners.keys()].sort()).toEqual(reps.map((r) => r.id).sort());
    for (const n of owners.values()) expect(n).toBeLessThanOrEqual(60);
    expect(spread([...owners.values()])).toBeLessThanOrEqual(1);
    const [state] = await deps.db.select().from(routingState).where(eq(routingState.tenantId, ws.tenantId));
    const counts = Object.values(state.assignedCounts[rule.id]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(240);
    expect(spread(counts)).toBeLessThanOrEqual(1);

    // Everyone is full now: new leads wait unrouted and say why, until the rule gets an overflow pool.
    const late = await Promise.all([captureLeads(workers, ws.admin, inputs(5), { method: 'api' }), captureLeads(workers, ws.admin, inputs(5), { method: 'api' })]);
    const lateIds = late.flat().map((o) => (o.outcome === 'created' ? o.id : ''));
    const waiting = await deps.db.select().from(leads).where(and(eq(leads.tenantId, ws.tenantId), inArray(leads.id, lateIds)));
    expect(waiting.every((l) => !l.ownerId && !l.poolId)).toBe(true);
    expect(waiting[0].assignmentReason?.zh).toContain('库容已满 60/60');
    const poolId = await buildPool(ws, '满员溢出池');
    await updateRoutingRule(deps, ws.admin, rule.id, { target: { kind: 'team', repIds: reps.map((r) => r.id), strategy: 'round_robin', overflowPoolId: poolId }, version: rule.version });
    const result = await routeUnroutedLeads(deps, ws.admin);
    expect(result).toEqual({ total: 10, toRep: 0, toPool: 10, stillUnrouted: 0 });
    for (const n of (await ownersOf(ws)).values()) expect(n).toBe(60);
  });

  it('when demand exceeds capacity, reps fill to exactly their capacity and the rest overflow to the pool', async () => {
    const ws = await buildWorkspace(deps);
    const reps = await buildTeam(ws, 4, 10);
    const poolId = await buildPool(ws, '溢出池');
    await createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse({
      name: '轮询带溢出', conditions: [], target: { kind: 'team', repIds: reps.map((r) => r.id), strategy: 'round_robin', overflowPoolId: poolId },
    }));
    await Promise.all(Array.from({ length: 8 }, () => captureLeads(workers, ws.admin, inputs(10), { method: 'api' })));

    const owners = await ownersOf(ws);
    expect([...owners.values()]).toEqual([10, 10, 10, 10]);
    const pooled = await deps.db.select().from(leads).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.poolId, poolId)));
    expect(pooled).toHaveLength(40);
    expect(pooled[0].assignmentReason?.zh).toContain('放入溢出池「溢出池」');
    expect((await assignRowsPerLead(ws)).filter((r) => r.n !== 1)).toEqual([]);
  });
});
