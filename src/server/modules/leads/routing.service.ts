// Routing in the database: loads the rules, the reps' load and the round-robin state, decides with the pure rules
// (leads.routing.ts) and returns the decisions for the caller to write in the same transaction.
import { and, arrayContains, asc, eq, inArray } from 'drizzle-orm';
import { inOrder, type Queryable, type Tx } from '../../db/client.js';
import { roles, tenants, users } from '../identity/index.js';
import { leadSettings, repSettings, routingRules, routingState } from './lead-rules.schema.js';
import { countHeldLeads, foldLeadLoadChanges } from './leads.repository.js';
import { decideRoute, findRegionOfProvince, type RepLoad, type RouteDecision, type RoutableLead, type RoutingRule, type RoutingState } from './leads.routing.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from './leads.sla.js';
import { DEFAULT_TIME_ZONE } from './leads.text.js';

/** The lead settings, with the workspace's time zone the rules count days in (the workspace's own setting). */
export interface LeadSettings { slaPolicy: SlaPolicy; conflictProtectionDays: number; defaultCapacity: number; timeZone: string }

export const DEFAULT_LEAD_SETTINGS: LeadSettings = { slaPolicy: DEFAULT_SLA_POLICY, conflictProtectionDays: 7, defaultCapacity: 200, timeZone: DEFAULT_TIME_ZONE };

export async function loadLeadSettings(db: Queryable, tenantId: string): Promise<LeadSettings> {
  const [row] = await db.select({ workspace: tenants.settings, settings: leadSettings }).from(tenants)
    .leftJoin(leadSettings, eq(leadSettings.tenantId, tenants.tenantId)).where(eq(tenants.tenantId, tenantId));
  const timeZone = row?.workspace.timeZone ?? DEFAULT_TIME_ZONE;
  const s = row?.settings;
  return s ? { slaPolicy: s.slaPolicy, conflictProtectionDays: s.conflictProtectionDays, defaultCapacity: s.defaultCapacity, timeZone } : { ...DEFAULT_LEAD_SETTINGS, timeZone };
}

export interface RepInfo extends RepLoad {
  managerId: string | null;
  /** Why the rep cannot take a lead now, when isAvailable is false. */
  away?: 'disabled' | 'leave' | 'no_access';
}

export interface Router {
  /** Decides one lead and updates the in-memory load and state, so the next decision in the batch sees it. */
  route(lead: RoutableLead): RouteDecision;
  reps: Map<string, RepInfo>;
  /** Loads the load of people the rules do not name (a company's owner), so a lead sent to them respects it too. */
  include(repIds: string[]): Promise<void>;
  /** Stores the advanced round-robin state and the per-rule counts; call once, before the transaction commits. */
  save(): Promise<void>;
}

/**
 * Opens a router for one transaction. It locks the workspace's routing state row first: concurrent routers take
 * turns, each seeing the loads and cursors the previous one committed, so no rep goes over capacity and the
 * round-robin stays even. Keep the transaction short — route a batch, write it, commit.
 */
export async function openRouter(tx: Tx, tenantId: string, now: Date, opts: { defaultCapacity?: number } = {}): Promise<Router> {
  await tx.insert(routingState).values({ tenantId, state: { cursors: {}, credits: {} }, updatedAt: now }).onConflictDoNothing();
  const [locked] = await tx.select().from(routingState).where(eq(routingState.tenantId, tenantId)).for('update');
  let state: RoutingState = locked.state;
  const counts = locked.assignedCounts;
  await foldLeadLoadChanges(tx, tenantId);

  const ruleRows = await tx.select().from(routingRules)
    .where(and(eq(routingRules.tenantId, tenantId), eq(routingRules.isEnabled, true))).orderBy(asc(routingRules.position), asc(routingRules.id));
  const rules: RoutingRule[] = ruleRows.map((r) => ({ id: r.id, name: r.name, nameEn: r.nameEn ?? undefined, conditions: r.conditions, target: r.target }));

  const repIds = [...new Set(rules.flatMap((r) => (r.target.kind === 'team' ? r.target.repIds : [])))];
  const reps = await loadRepLoads(tx, tenantId, repIds, now, opts.defaultCapacity ?? DEFAULT_LEAD_SETTINGS.defaultCapacity);

  return {
    reps,
    async include(ids) {
      const missing = [...new Set(ids)].filter((id) => !reps.has(id));
      for (const [id, rep] of await loadRepLoads(tx, tenantId, missing, now, opts.defaultCapacity ?? DEFAULT_LEAD_SETTINGS.defaultCapacity)) reps.set(id, rep);
    },
    route(lead) {
      const routable = { ...lead, region: lead.region ?? findRegionOfProvince(lead.province) };
      const decision = decideRoute(rules, routable, [...reps.values()], state);
      state = decision.nextState;
      if (decision.target.kind === 'rep') {
        const rep = reps.get(decision.target.repId)!;
        rep.held += 1;
        const ruleCounts = (counts[decision.ruleId!] ??= {});
        ruleCounts[rep.id] = (ruleCounts[rep.id] ?? 0) + 1;
      }
      return decision;
    },
    async save() {
      await tx.update(routingState).set({ state, assignedCounts: counts, updatedAt: now }).where(eq(routingState.tenantId, tenantId));
    },
  };
}

/**
 * Whether a rep's leave covers `now`: switched off, begun (no start = at once) and not over (no end = until switched
 * back). Before its start a leave entered ahead changes nothing; after its end the rep is back by itself.
 */
function isOnLeave(s: { isAvailable: boolean; unavailableFrom: Date | null; unavailableUntil: Date | null }, now: Date): boolean {
  return !s.isAvailable && (!s.unavailableFrom || s.unavailableFrom <= now) && (!s.unavailableUntil || s.unavailableUntil > now);
}

/** People by id with what decides whether they may hold leads: active, and a role that can see leads. */
export function loadLeadPeople(tx: Queryable, tenantId: string, ids: string[]) {
  return tx.select({ id: users.id, name: users.name, status: users.status, managerId: users.managerId, seesLeads: arrayContains(roles.permissions, ['leads.read']) })
    .from(users).innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
}

/**
 * Each rep's capacity, weight, availability (leave starts and ends by itself) and held open leads. Disabled users, and
 * people whose role cannot see leads (they would be told of a lead they cannot open), are unavailable.
 */
export async function loadRepLoads(tx: Queryable, tenantId: string, repIds: string[], now: Date, defaultCapacity: number): Promise<Map<string, RepInfo>> {
  if (!repIds.length) return new Map();
  const [people, settings] = await inOrder([
    loadLeadPeople(tx, tenantId, repIds),
    tx.select().from(repSettings).where(and(eq(repSettings.tenantId, tenantId), inArray(repSettings.userId, repIds))),
  ]);
  const held = await countHeldLeads(tx, tenantId, repIds);
  const settingsOf = new Map(settings.map((s) => [s.userId, s]));
  return new Map(people.map((p) => {
    const s = settingsOf.get(p.id);
    const away = p.status !== 'active' ? 'disabled' as const : !p.seesLeads ? 'no_access' as const : s && isOnLeave(s, now) ? 'leave' as const : undefined;
    return [p.id, {
      id: p.id, name: p.name, managerId: p.managerId, capacity: s?.capacity ?? defaultCapacity, weight: s?.weight ?? 1,
      held: held.get(p.id) ?? 0, isAvailable: !away, away,
    }];
  }));
}

/** How many leads each rep got from each rule so far (the round-robin's evenness, for the routing page). */
export async function readAssignedCounts(tx: Queryable, tenantId: string) {
  const [row] = await tx.select({ counts: routingState.assignedCounts }).from(routingState).where(eq(routingState.tenantId, tenantId));
  return row?.counts ?? {};
}
