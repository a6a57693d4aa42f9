import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { CustomFieldInput, UpdateCustomFieldInput } from '../../../shared/contracts.js';
import { createCustomField, listCustomFieldDefs, updateCustomField } from './custom-fields.service.js';

const tags = ['custom fields'];

export function registerCustomFieldRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/custom-fields', {
    schema: { tags, querystring: z.object({ entity: z.enum(['account', 'contact']), includeArchived: z.coerce.boolean().default(false) }) },
  }, async (req) => {
    const actor = actorOf(req);
    return { items: await listCustomFieldDefs(deps.db, actor.tenantId, req.query.entity, req.query.includeArchived) };
  });

  app.post('/custom-fields', { schema: { tags, body: CustomFieldInput } }, async (req, reply) => {
    reply.status(201);
    return createCustomField(deps, actorOf(req), req.body);
  });

  app.patch('/custom-fields/:id', { schema: { tags, params: z.object({ id: z.uuid() }), body: UpdateCustomFieldInput } }, async (req) =>
    updateCustomField(deps, actorOf(req), req.params.id, req.body));
}
