import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import { LEAD_SOURCE_TYPES, SLA_STATES } from '../../../shared/dictionaries.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pageQuery, pageSerializer, sendPage } from '../../http/pagination.js';
import { commaList, commaListOf, ownerIdList, sortParam } from '../../http/query.js';
import { CreateLeadInput, MarkLeadInvalidInput, UpdateLeadInput } from '../../../shared/lead-contracts.js';
import { captureLeads, createLead } from './capture.service.js';
import { getLead, listLeadsPage, markLeadInvalid, updateLead, type LeadListQuery } from './leads.service.js';
import { LEAD_SORTS, leadSelection, type LeadSortKey } from './leads.repository.js';
import { registerLeadFormRoutes } from './forms.routes.js';
import { registerQualifyRoutes } from './qualify.routes.js';
import { buildLeadReport, listLeadChannels } from './reports.service.js';
import { exportLeads } from './leads.export.js';
import { LEAD_STATUSES, leads } from './leads.schema.js';
import { pools } from './lead-rules.schema.js';
import { registerAuditNamer } from '../audit/index.js';
import { and, eq, inArray } from 'drizzle-orm';
import { leadLabel, TIERS } from './leads.text.js';
import { instant } from '../../../shared/schema-parts.js';

const tags = ['leads'];
const idParams = z.object({ id: z.uuid() });
const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();
const BATCH_MAX = 500;
/** The JSON of a page of leads, compiled once from the list's columns (about half the time of JSON.stringify). */
export const leadPageJson = pageSerializer(leadSelection);

const leadListFields = z.object({
  view: z.enum(['my', 'team', 'all']).default('all'),
  q: z.string().max(200).optional(),
  status: commaListOf(LEAD_STATUSES), tier: commaListOf(TIERS), sourceType: commaListOf(LEAD_SOURCE_TYPES.map((t) => t.key)),
  slaState: commaListOf(SLA_STATES), source: commaList,
  channel: commaList.describe('Channels, comma-separated; a comma inside a channel is written \\,'),
  noChannel: flag.describe('Leads with no channel (with channel: either)'),
  duplicates: z.enum(['exclude', 'only']).optional()
    .describe('exclude: leave out leads recorded as another lead\'s repeat (linked duplicates, lost 撞单 claims), as the lead report counts; only: just those'),
  ownerId: ownerIdList,
  poolId: z.uuid().optional(),
  inPool: flag, unrouted: flag,
  scoreMin: z.coerce.number().int().min(0).max(100).optional(),
  scoreMax: z.coerce.number().int().min(0).max(100).optional(),
  createdFrom: instant().transform((v) => new Date(v)).optional()
    .describe('Created at or after this instant'),
  createdTo: instant().transform((v) => new Date(v)).optional()
    .describe('Created before this instant (exclusive), so a week is createdFrom=<its Monday>&createdTo=<the next Monday>'),
  sort: sortParam(Object.keys(LEAD_SORTS)),
  withTotal: flag,
  ...pageQuery,
});
const isScoreRangeOrdered = (q: { scoreMin?: number; scoreMax?: number }) => q.scoreMin == null || q.scoreMax == null || q.scoreMin <= q.scoreMax;
const scoreRangeError = { message: '最低分不能高于最高分 / scoreMin cannot be above scoreMax', path: ['scoreMin'] };
export const LeadListQuerySchema = leadListFields.refine(isScoreRangeOrdered, scoreRangeError);
/** The list's filters and sort, the whole result as one file. */
const LeadExportQuery = leadListFields.omit({ limit: true, cursor: true, withTotal: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).refine(isScoreRangeOrdered, scoreRangeError);

export function parseLeadList<Q extends { sort: string }>(query: Q): Omit<Q, 'sort'> & Pick<LeadListQuery, 'sort' | 'direction'> {
  const { sort, ...rest } = query;
  return { ...rest, sort: sort.replace(/^-/, '') as LeadSortKey, direction: sort.startsWith('-') ? 'desc' : 'asc' };
}

export function registerLeadRoutes(app: ApiApp, deps: AppDeps) {
  // The audit log names a lead by its label and a pool by its name (deleted ones too: the log outlives them).
  registerAuditNamer('lead', async (db, tenantId, ids) => new Map((await db.select({ id: leads.id, name: leads.name, company: leads.company }).from(leads)
    .where(and(eq(leads.tenantId, tenantId), inArray(leads.id, ids)))).map((l) => [l.id, leadLabel(l)])));
  registerAuditNamer('pool', async (db, tenantId, ids) => new Map((await db.select({ id: pools.id, name: pools.name }).from(pools)
    .where(and(eq(pools.tenantId, tenantId), inArray(pools.id, ids)))).map((p) => [p.id, p.name])));
  registerLeadFormRoutes(app, deps);
  registerQualifyRoutes(app, deps);
  app.get('/leads', { schema: { tags, querystring: LeadListQuerySchema } }, async (req, reply) =>
    sendPage(reply, await listLeadsPage(deps, actorOf(req), parseLeadList(req.query)), leadPageJson));

  app.post('/leads', { schema: { tags, body: CreateLeadInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const outcome = await createLead(deps, actor, req.body, { method: actor.kind === 'api_key' ? 'api' : 'manual' });
    reply.status(outcome.outcome === 'merged' ? 200 : 201);
    return {
      outcome: outcome.outcome, ...(outcome.outcome === 'merged' ? { filled: outcome.filled ?? false } : {}),
      lead: await getLead(deps, actor, outcome.id).catch(() => ({ id: outcome.id })),
    };
  });

  // A batch from an integration: each item is validated on its own, so one bad row does not sink the other 499.
  app.post('/leads/batch', {
    schema: { tags, body: z.object({ leads: z.array(z.unknown()).min(1).max(BATCH_MAX), onDuplicate: z.enum(['refuse', 'merge', 'link']).optional() }) },
  }, async (req) => {
    const actor = actorOf(req);
    const parsed = req.body.leads.map((item) => CreateLeadInput.safeParse(item));
    const valid = parsed.flatMap((p, index) => (p.success ? [{ index, input: p.data }] : []));
    const outcomes = valid.length
      ? await captureLeads(deps, actor, valid.map((v) => v.input), { method: actor.kind === 'api_key' ? 'api' : 'manual', onDuplicate: req.body.onDuplicate })
      : [];
    const results = parsed.map((p, index) => (p.success ? null : {
      index, outcome: 'invalid' as const, errors: p.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    }));
    outcomes.forEach((o, i) => { results[valid[i].index] = { ...o, index: valid[i].index } as never; });
    return { results, summary: summarise(results as { outcome: string }[]) };
  });

  app.get('/leads/export', { schema: { tags, summary: 'Every lead the list shows you, with its filters, as CSV or XLSX', querystring: LeadExportQuery } }, async (req, reply) => {
    const { format, ...query } = req.query;
    const file = await exportLeads(deps, actorOf(req), parseLeadList(query), format);
    return reply.header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="leads.${format}"; filename*=UTF-8''${encodeURIComponent(`线索导出.${format}`)}`)
      .send(file.body);
  });

  app.get('/lead-reports', { schema: { tags, querystring: z.object({ weeks: z.coerce.number().int().min(1).max(52).default(12) }) } }, async (req) =>
    buildLeadReport(deps, actorOf(req), req.query.weeks));

  app.get('/lead-channels', { schema: { tags, summary: 'Channels of recent visible leads, busiest first (for the channel filter)' } }, async (req) =>
    listLeadChannels(deps, actorOf(req)));

  app.get('/leads/:id', { schema: { tags, params: idParams } }, async (req) => getLead(deps, actorOf(req), req.params.id));

  app.patch('/leads/:id', { schema: { tags, params: idParams, body: UpdateLeadInput } }, async (req) =>
    updateLead(deps, actorOf(req), req.params.id, req.body));

  app.post('/leads/:id/invalid', { schema: { tags, params: idParams, body: MarkLeadInvalidInput } }, async (req) =>
    markLeadInvalid(deps, actorOf(req), req.params.id, req.body));
}

function summarise(results: { outcome: string }[]) {
  const out: Record<string, number> = {};
  for (const r of results) out[r.outcome] = (out[r.outcome] ?? 0) + 1;
  return out;
}
