// Lead reports by week: where leads come from, how they convert MQL→SQL→accepted, SLA compliance, why sales rejects.
// Weeks start on Monday in the workspace's time zone; "the last N weeks" are N buckets, the last one the week under way.
// Cohorts: a lead counts in the week it reached the earlier stage.
import type { AppDeps } from '../../deps.js';
import { queryRows, sql } from '../../db/client.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { scopeOwnerIds } from '../accounts/index.js';
import { leadVisibleCondition, resolveLeadScope } from './leads.policy.js';
import { loadLeadSettings } from './routing.service.js';
import { leadHandovers, leads, leadSlaOutcomes } from './leads.schema.js';
import { scoringModels } from './lead-rules.schema.js';
import { DAY_MS, findStartOfDate } from './leads.text.js';

const rate = (num: number, den: number) => (den ? Math.round((num / den) * 1000) / 10 : null);

/** The weekly lead report over the last `weeks` weeks (this one included), limited to the leads the actor may see. */
export async function buildLeadReport(deps: AppDeps, actor: Actor, weeks: number) {
  requirePermission(actor, 'leads.read');
  const { timeZone } = await loadLeadSettings(deps.db, actor.tenantId);
  const scope = await resolveLeadScope(deps.db, actor);
  const visible = leadVisibleCondition(scope) ?? sql`true`;
  const now = deps.clock.now();
  const weekKeys = listWeekStarts(now, weeks, timeZone);
  // A day before the oldest Monday (UTC) is early enough in any time zone and keeps the scans on the indexes; rows
  // before that Monday land outside every bucket, and the rejection reasons, which have no buckets, check the week.
  const since = new Date(Date.parse(weekKeys[0]) - DAY_MS);
  const week = (col: unknown) => sql`to_char(date_trunc('week', ${col} at time zone ${timeZone}), 'YYYY-MM-DD')`;
  const base = sql`${leads.tenantId} = ${actor.tenantId} and ${leads.deletedAt} is null and (${visible})`;
  // Each person counts once: a lead recorded as another's repeat (a duplicate kept linked, the losing claim of a 撞单)
  // is water in the funnel, not a new lead or a new MQL. Those repeats are counted on their own, for the note.
  const counted = sql`${base} and ${leads.duplicateOfId} is null`;
  // SLA outcomes and hand-overs are the work of the rep who owned the lead then: they count for whoever's data scope
  // covers that rep, wherever the lead is now (a rejected lead has no owner; a reassigned one has another).
  const owners = await scopeOwnerIds(deps.db, actor);
  const workBase = (ownerCol: unknown) => sql`${leads.tenantId} = ${actor.tenantId} and ${leads.deletedAt} is null
    and ${owners === null ? sql`true` : owners.length ? sql`${ownerCol} in ${owners}` : sql`false`}`;

  const [bySource, byChannel, repeats, mql, handed, sla, rejections, models] = await Promise.all([
    queryRows<{ w: string; k: string; n: number }>(deps.db, sql`select ${week(leads.createdAt)} w, ${leads.sourceType} k, count(*)::int n
      from ${leads} where ${counted} and ${leads.createdAt} >= ${since} group by 1, 2`),
    queryRows<{ w: string; k: string; n: number }>(deps.db, sql`select ${week(leads.createdAt)} w, coalesce(${leads.channel}, '') k, count(*)::int n
      from ${leads} where ${counted} and ${leads.createdAt} >= ${since} group by 1, 2`),
    queryRows<{ w: string; n: number }>(deps.db, sql`select ${week(leads.createdAt)} w, count(*)::int n
      from ${leads} where ${base} and ${leads.duplicateOfId} is not null and ${leads.createdAt} >= ${since} group by 1`),
    queryRows<{ w: string; total: number; converted: number }>(deps.db, sql`select ${week(leads.mqlAt)} w, count(*)::int total,
      count(${leads.handedOverAt})::int converted from ${leads} where ${counted} and ${leads.mqlAt} >= ${since} group by 1`),
    // Every hand-over, by the week it was made: a lead rejected and handed over again is two, each with its outcome.
    queryRows<{ w: string; total: number; converted: number }>(deps.db, sql`select ${week(leadHandovers.handedOverAt)} w, count(*)::int total,
      count(*) filter (where ${leadHandovers.outcome} = 'accepted')::int converted
      from ${leadHandovers} join ${leads} on ${leads.tenantId} = ${leadHandovers.tenantId} and ${leads.id} = ${leadHandovers.leadId}
      where ${workBase(leadHandovers.ownerId)} and ${leadHandovers.tenantId} = ${actor.tenantId} and ${leadHandovers.handedOverAt} >= ${since} group by 1`),
    // Decided SLAs, one per assignment, by the week they were decided (first touched, or found past the deadline): a
    // breach stays counted after the lead is reassigned, returned or marked invalid, which reset the lead's own clock.
    queryRows<{ w: string; met: number; breached: number }>(deps.db, sql`select ${week(leadSlaOutcomes.decidedAt)} w,
      count(*) filter (where ${leadSlaOutcomes.outcome} = 'met')::int met, count(*) filter (where ${leadSlaOutcomes.outcome} = 'breached')::int breached
      from ${leadSlaOutcomes} join ${leads} on ${leads.tenantId} = ${leadSlaOutcomes.tenantId} and ${leads.id} = ${leadSlaOutcomes.leadId}
      where ${workBase(leadSlaOutcomes.ownerId)} and ${leadSlaOutcomes.tenantId} = ${actor.tenantId} and ${leadSlaOutcomes.decidedAt} >= ${since} group by 1`),
    // Every rejection in the window, not only each lead's latest.
    queryRows<{ k: string; n: number }>(deps.db, sql`select ${leadHandovers.reason} k, count(*)::int n
      from ${leadHandovers} join ${leads} on ${leads.tenantId} = ${leadHandovers.tenantId} and ${leads.id} = ${leadHandovers.leadId}
      where ${workBase(leadHandovers.ownerId)} and ${leadHandovers.tenantId} = ${actor.tenantId} and ${leadHandovers.outcome} = 'rejected'
        and ${leadHandovers.decidedAt} >= ${since} and ${week(leadHandovers.decidedAt)} >= ${weekKeys[0]} group by 1 order by 2 desc`),
    // A model activated in the window rescored every lead, and leads it lifted over the MQL threshold became MQLs that
    // week: the chart marks the week, so a jump in MQLs is read as the new model's and not as marketing's.
    queryRows<{ w: string; version: number; name: string; mqlThreshold: number }>(deps.db, sql`select ${week(scoringModels.activatedAt)} w,
      ${scoringModels.version} version, ${scoringModels.name} "name", (${scoringModels.definition}->>'mqlThreshold')::int "mqlThreshold"
      from ${scoringModels} where ${scoringModels.tenantId} = ${actor.tenantId} and ${scoringModels.activatedAt} >= ${since}
        and ${week(scoringModels.activatedAt)} >= ${weekKeys[0]} order by ${scoringModels.activatedAt}`),
  ]);

  const series = <T extends { w: string }>(rows: T[], pick: (r: T) => number) => weekKeys.map((w) => rows.filter((r) => r.w === w).reduce((s, r) => s + pick(r), 0));
  const channels = [...new Set(byChannel.map((r) => r.k))];
  const cohort = (rows: { w: string; total: number; converted: number }[]) => {
    const total = series(rows, (r) => r.total);
    const converted = series(rows, (r) => r.converted);
    return { total, converted, rate: total.map((t, i) => rate(converted[i], t)) };
  };
  // The nine busiest channels have bars of their own; the rest are summed into one, so the bars add up to the total.
  const ranked = channels.map((channel) => ({ channel, counts: series(byChannel.filter((r) => r.k === channel), (r) => r.n) }))
    .sort((a, b) => b.counts.reduce((s, n) => s + n, 0) - a.counts.reduce((s, n) => s + n, 0));
  const shown = ranked.length > 10 ? ranked.slice(0, 9) : ranked;
  const rest = ranked.slice(shown.length);
  const mqlCohort = cohort(mql);
  const sqlCohort = cohort(handed);
  const met = series(sla, (r) => r.met);
  const breached = series(sla, (r) => r.breached);
  // Where each week begins and the next one (the list's createdFrom and createdTo for a bar), so a chart can open the
  // leads it counts.
  const nextMonday = new Date(Date.parse(weekKeys[weekKeys.length - 1]) + 7 * DAY_MS).toISOString().slice(0, 10);
  return {
    weeks: weekKeys,
    weekBounds: [...weekKeys, nextMonday].map((d) => findStartOfDate(d, timeZone).toISOString()),
    bySourceType: { active: series(bySource.filter((r) => r.k === 'active'), (r) => r.n), passive: series(bySource.filter((r) => r.k === 'passive'), (r) => r.n) },
    byChannel: shown,
    /** Leads created each week as another's repeat, left out of the charts above. */
    repeats: series(repeats, (r) => r.n),
    otherChannels: rest.length ? { channels: rest.length, counts: weekKeys.map((_, i) => rest.reduce((s, c) => s + c.counts[i], 0)) } : null,
    mqlToSql: { mql: mqlCohort.total, sql: mqlCohort.converted, rate: mqlCohort.rate },
    sqlToAccepted: { sql: sqlCohort.total, accepted: sqlCohort.converted, rate: sqlCohort.rate },
    slaCompliance: { met, breached, rate: met.map((m, i) => rate(m, m + breached[i])) },
    rejectionReasons: rejections.map((r) => ({ reason: r.k, count: r.n })),
    modelChanges: models.map((m) => ({ week: m.w, version: m.version, name: m.name, mqlThreshold: m.mqlThreshold })),
  };
}

/** Monday dates (YYYY-MM-DD, in the time zone) of the last `weeks` weeks, oldest first; the last is this week's. */
export function listWeekStarts(now: Date, weeks: number, timeZone: string): string[] {
  const local = new Date(now.toLocaleString('en-US', { timeZone }));
  const monday = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate() - ((local.getDay() + 6) % 7)));
  return Array.from({ length: weeks }, (_, i) => new Date(monday.getTime() - (weeks - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10));
}

/** How far back the channel suggestions look: the channels in use, read from recent leads only (an index range). */
const CHANNEL_SUGGESTION_DAYS = 180;

/**
 * The channels of the leads the actor may see that came in over the last half year, busiest first: the list's channel
 * filter offers them, so a channel is picked rather than typed (a typo silently matched nothing).
 */
export async function listLeadChannels(deps: AppDeps, actor: Actor, limit = 50) {
  requirePermission(actor, 'leads.read');
  const visible = leadVisibleCondition(await resolveLeadScope(deps.db, actor)) ?? sql`true`;
  const since = new Date(deps.clock.now().getTime() - CHANNEL_SUGGESTION_DAYS * DAY_MS);
  const rows = await queryRows<{ channel: string; n: number }>(deps.db, sql`select ${leads.channel} channel, count(*)::int n from ${leads}
    where ${leads.tenantId} = ${actor.tenantId} and ${leads.deletedAt} is null and ${leads.channel} is not null and ${leads.createdAt} >= ${since}
      and (${visible}) group by 1 order by 2 desc, 1 limit ${limit}`);
  return { items: rows.map((r) => ({ channel: r.channel, count: r.n })) };
}
