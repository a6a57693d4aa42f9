import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pageQuery } from '../../http/pagination.js';
import { CreateContactInput, CreateRelationshipInput, UpdateContactInput } from '../../../shared/contracts.js';
import { BUYING_ROLES, keysOf } from '../../../shared/dictionaries.js';
import { createContact, deleteContact, getContact, listAccountContacts, listContactsPage, updateContact } from './contacts.service.js';
import { findContactDuplicates } from './dedupe.service.js';
import { createRelationship, deleteRelationship, getRelationshipMap } from './relationships.service.js';

const tags = ['contacts'];
const idParams = z.object({ id: z.uuid() });

export function registerContactRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/contacts', {
    schema: { tags, querystring: z.object({ q: z.string().max(200).optional(), accountId: z.uuid().optional(), buyingRole: z.enum(keysOf(BUYING_ROLES)).optional(), ...pageQuery }) },
  }, async (req) => listContactsPage(deps, actorOf(req), req.query));

  app.post('/contacts', { schema: { tags, body: CreateContactInput } }, async (req, reply) => {
    reply.status(201);
    return createContact(deps, actorOf(req), req.body);
  });

  app.post('/contacts/duplicates', {
    schema: { tags, body: z.object({ mobile: z.string().max(30).optional(), email: z.string().max(200).optional(), excludeId: z.uuid().optional() }) },
  }, async (req) => ({ matches: await findContactDuplicates(deps.db, actorOf(req), req.body, req.body.excludeId) }));

  app.get('/contacts/:id', { schema: { tags, params: idParams } }, async (req) => getContact(deps, actorOf(req), req.params.id));
  app.patch('/contacts/:id', { schema: { tags, params: idParams, body: UpdateContactInput } }, async (req) =>
    updateContact(deps, actorOf(req), req.params.id, req.body));
  app.delete('/contacts/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await deleteContact(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/accounts/:id/contacts', { schema: { tags, params: idParams } }, async (req) => ({ items: await listAccountContacts(deps, actorOf(req), req.params.id) }));
  app.get('/accounts/:id/relationships', { schema: { tags, params: idParams } }, async (req) => getRelationshipMap(deps, actorOf(req), req.params.id));
  app.post('/relationships', { schema: { tags, body: CreateRelationshipInput } }, async (req, reply) => {
    reply.status(201);
    return createRelationship(deps, actorOf(req), req.body);
  });
  app.delete('/relationships/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await deleteRelationship(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });
}
