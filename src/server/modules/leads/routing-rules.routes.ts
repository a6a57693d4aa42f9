// Routing rules admin: list (with per-rep counts), create, edit, delete, reorder, and a dry-run preview.
import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import {
  CreateRoutingRuleInput, PreviewRouteInput, ReorderRoutingRulesInput, UpdateRoutingRuleInput,
  createRoutingRule, deleteRoutingRule, listRoutingRules, previewRoute, reorderRoutingRules, updateRoutingRule,
} from './routing-rules.service.js';

const tags = ['lead routing'];
const idParams = z.object({ id: z.uuid() });

export function registerRoutingRuleRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/routing-rules', { schema: { tags, summary: 'Routing rules in order, with how many leads each rep got from each' } }, async (req) =>
    ({ items: await listRoutingRules(deps, actorOf(req)) }));

  app.post('/routing-rules', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Add a rule at the end of the order', body: CreateRoutingRuleInput } }, async (req, reply) => {
    reply.status(201);
    return createRoutingRule(deps, actorOf(req), req.body);
  });

  app.patch('/routing-rules/:id', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Edit a rule (send the version you loaded)', params: idParams, body: UpdateRoutingRuleInput } }, async (req) =>
    updateRoutingRule(deps, actorOf(req), req.params.id, req.body));

  app.delete('/routing-rules/:id', { config: { permission: 'admin.lead_rules' }, schema: { tags, params: idParams } }, async (req, reply) => {
    await deleteRoutingRule(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.post('/routing-rules/reorder', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Set the order: every rule id once, first to last', body: ReorderRoutingRulesInput } }, async (req) =>
    ({ items: await reorderRoutingRules(deps, actorOf(req), req.body.ids) }));

  app.post('/routing-rules/preview', { schema: { tags, summary: 'Which rule and rep a lead with these fields would get now, and why', body: PreviewRouteInput } }, async (req) =>
    previewRoute(deps, actorOf(req), req.body));
}
