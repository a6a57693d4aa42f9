// Routes for 线索池: pool administration and members, the leads in a pool, and claim / return / move-to-pool.
import { text } from '../../../shared/schema-parts.js';
import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pageQuery, sendPage } from '../../http/pagination.js';
import { commaListOf, sortParam } from '../../http/query.js';
import { TIERS } from './leads.text.js';
import { checkClaimLead, claimLead, moveLeadToPool, returnLead } from './claim.service.js';
import { LEAD_SORTS, type LeadSortKey } from './leads.repository.js';
import { leadPageJson } from './leads.routes.js';
import {
  CreatePoolInput, createPool, deletePool, getPool, listPoolLeadsPage, listPoolMembers, listPools, ReplacePoolMembersInput,
  replacePoolMembers, UpdatePoolInput, updatePool,
} from './pools.service.js';
// Registers the hourly recycle sweep wherever the API runs.
import './recycle.job.js';

const tags = ['pools'];
const idParams = z.object({ id: z.uuid() });

export const PoolLeadListQuery = z.object({
  q: z.string().max(200).optional(),
  tier: commaListOf(TIERS),
  sort: sortParam(Object.keys(LEAD_SORTS)),
  ...pageQuery,
});
/** A reason is checked by the service (REASON_REQUIRED), so a missing one gets that code rather than a generic 400. */
export const ReturnLeadInput = z.object({ reason: text(1000).optional() });
export const MoveLeadToPoolInput = z.object({ poolId: z.uuid(), reason: text(1000).optional() });

export function registerPoolRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/pools', { schema: { tags } }, async (req) => listPools(deps, actorOf(req)));

  app.post('/pools', { config: { permission: 'admin.pools' }, schema: { tags, body: CreatePoolInput } }, async (req, reply) => {
    reply.status(201);
    return createPool(deps, actorOf(req), req.body);
  });

  app.get('/pools/:id', { schema: { tags, params: idParams } }, async (req) => getPool(deps, actorOf(req), req.params.id));

  app.patch('/pools/:id', { schema: { tags, params: idParams, body: UpdatePoolInput } }, async (req) =>
    updatePool(deps, actorOf(req), req.params.id, req.body));

  app.delete('/pools/:id', { config: { permission: 'admin.pools' }, schema: { tags, params: idParams } }, async (req, reply) => {
    await deletePool(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/pools/:id/members', { schema: { tags, params: idParams } }, async (req) => listPoolMembers(deps, actorOf(req), req.params.id));

  app.put('/pools/:id/members', { schema: { tags, params: idParams, body: ReplacePoolMembersInput } }, async (req) =>
    replacePoolMembers(deps, actorOf(req), req.params.id, req.body));

  app.get('/pools/:id/leads', { schema: { tags, params: idParams, querystring: PoolLeadListQuery } }, async (req, reply) => {
    const { sort, q, tier, limit, cursor } = req.query;
    return sendPage(reply, await listPoolLeadsPage(deps, actorOf(req), req.params.id, {
      q, tier, limit, cursor, sort: sort.replace(/^-/, '') as LeadSortKey, direction: sort.startsWith('-') ? 'desc' : 'asc',
    }), leadPageJson);
  });

  app.post('/leads/:id/claim', { schema: { tags, params: idParams } }, async (req) => claimLead(deps, actorOf(req), req.params.id));
  app.get('/leads/:id/claim-check', { schema: { tags, summary: 'Whether you could claim the lead now; if not, why and from when', params: idParams } }, async (req) =>
    checkClaimLead(deps, actorOf(req), req.params.id));

  app.post('/leads/:id/return', { schema: { tags, params: idParams, body: ReturnLeadInput } }, async (req) =>
    returnLead(deps, actorOf(req), req.params.id, req.body));

  app.post('/leads/:id/move-to-pool', { schema: { tags, params: idParams, body: MoveLeadToPoolInput } }, async (req) =>
    moveLeadToPool(deps, actorOf(req), req.params.id, req.body));
}
