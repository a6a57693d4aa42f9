// Lead operations: manual assignment and re-routing, follow-ups, 撞单 outcomes, lead and rep settings.
import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { errorBody } from '../../http/errors.js';
import { pageQuery } from '../../http/pagination.js';
import { LogFollowUpInput } from '../../../shared/lead-contracts.js';
import { AssignLeadInput, AssignLeadsInput, assignLead, assignLeads, rerouteLead, routeUnroutedLeads } from './assign.service.js';
import { listLeadConflicts } from './conflicts.service.js';
import { logFollowUp } from './follow-ups.service.js';
import {
  UpdateLeadSettingsInput, UpdateRepSettingsInput, getLeadSettings, listRepSettings, updateLeadSettings, updateRepSettings,
} from './lead-settings.service.js';
import { registerRoutingRuleRoutes } from './routing-rules.routes.js';
// The timed rules of this area register their job kinds on import, so any process that serves these routes
// (and its worker) knows how to run them.
import './sla.job.js';
import './conflicts.job.js';

const tags = ['lead operations'];
const idParams = z.object({ id: z.uuid() });

export function registerLeadOpsRoutes(app: ApiApp, deps: AppDeps) {
  registerRoutingRuleRoutes(app, deps);

  app.post('/leads/:id/assign', { schema: { tags, summary: 'Assign a lead to a rep in your scope', params: idParams, body: AssignLeadInput } }, async (req) =>
    assignLead(deps, actorOf(req), req.params.id, req.body));

  app.post('/leads/assign', {
    schema: { tags, summary: 'Assign up to 200 leads to one rep; each lead succeeds or fails on its own, with its reason', body: AssignLeadsInput },
  }, async (req) => {
    const outcomes = await assignLeads(deps, actorOf(req), req.body);
    return {
      // A lead that did not move says why as any refused request would ({ code, message, details } in the caller's language).
      outcomes: outcomes.map((o) => (o.error ? { id: o.id, ok: false, error: errorBody(req, o.error.code, o.error.details) } : { id: o.id, ok: true })),
      summary: { assigned: outcomes.filter((o) => !o.error).length, failed: outcomes.filter((o) => o.error).length },
    };
  });

  app.post('/leads/:id/reroute', { schema: { tags, summary: 'Run the routing rules again for a lead nobody owns', params: idParams } }, async (req) =>
    rerouteLead(deps, actorOf(req), req.params.id));

  app.post('/leads/route-unrouted', { schema: { tags, summary: 'Route every open lead that has neither owner nor pool' } }, async (req) =>
    routeUnroutedLeads(deps, actorOf(req)));

  app.post('/leads/:id/follow-ups', { schema: { tags, summary: 'Log a follow-up (跟进) on a lead', params: idParams, body: LogFollowUpInput } }, async (req, reply) => {
    reply.status(201);
    return logFollowUp(deps, actorOf(req), req.params.id, req.body);
  });

  app.get('/lead-conflicts', {
    schema: {
      tags, summary: '撞单 involving leads in your scope, with the outcome and why',
      querystring: z.object({ status: z.enum(['pending', 'decided', 'all']).default('all'), leadId: z.uuid().optional(), ...pageQuery }),
    },
  }, async (req) => listLeadConflicts(deps, actorOf(req), req.query));

  app.get('/lead-settings', { schema: { tags } }, async (req) => getLeadSettings(deps, actorOf(req)));

  app.put('/lead-settings', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Save SLA hours per tier, 撞单 protection, default capacity (send the version you loaded)', body: UpdateLeadSettingsInput } }, async (req) =>
    updateLeadSettings(deps, actorOf(req), req.body));

  app.get('/rep-settings', { schema: { tags, summary: 'Reps you manage with capacity, weight, leave and held open leads' } }, async (req) =>
    listRepSettings(deps, actorOf(req)));

  app.put('/rep-settings/:userId', { config: { permission: 'leads.assign' }, schema: { tags, params: z.object({ userId: z.uuid() }), body: UpdateRepSettingsInput } }, async (req) =>
    updateRepSettings(deps, actorOf(req), req.params.userId, req.body));
}
