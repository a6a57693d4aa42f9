import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { decodeCursor, pageQuery, pageSerializer, sendPage, timeCursor, toPage } from '../../http/pagination.js';
import { commaList, ownerIdList, sortParam } from '../../http/query.js';
import { AccountDuplicateQuery, CreateAccountInput, MergeAccountsInput, UpdateAccountInput } from '../../../shared/contracts.js';
import { listAccountTimeline } from '../audit/index.js';
import { createAccount, deleteAccount, getAccount, listAccountsPage, restoreAccount, updateAccount } from './accounts.service.js';
import { ACCOUNT_SORTS, accountSelection, type AccountSortKey } from './accounts.repository.js';
import { findAccountDuplicates } from './dedupe.service.js';
import { mergeAccounts, undoMerge } from './merge.service.js';
import { listMergedIds } from './merge.repository.js';
import { exportAccounts } from './accounts.export.js';

const tags = ['accounts'];
const idParams = z.object({ id: z.uuid() });

export const AccountListQuery = z.object({
  q: z.string().max(200).optional(),
  industry: commaList, level: commaList, segment: commaList, lifecycleStage: commaList, province: commaList, source: commaList,
  ownerId: ownerIdList,
  tag: z.string().max(30).optional(),
  parentId: z.uuid().optional(),
  sort: sortParam(Object.keys(ACCOUNT_SORTS)),
  withTotal: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...pageQuery,
}).catchall(z.string().max(200));

const accountPageJson = pageSerializer(accountSelection);

/** Splits `cf.<key>=value` query parameters into custom-field filters. */
function customFilters(query: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(query).filter(([k]) => k.startsWith('cf.')).map(([k, v]) => [k.slice(3), String(v)]));
}

export function parseAccountList(req: FastifyRequest, query: z.infer<typeof AccountListQuery>) {
  const { sort, q, industry, level, segment, lifecycleStage, province, source, ownerId, tag, parentId, withTotal, limit, cursor } = query;
  return {
    q, industry, level, segment, lifecycleStage, province, source, ownerId, tag, parentId, withTotal, limit, cursor,
    custom: customFilters(req.query as Record<string, unknown>),
    sort: sort.replace(/^-/, '') as AccountSortKey, direction: sort.startsWith('-') ? 'desc' as const : 'asc' as const,
  };
}

export function registerAccountRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/accounts', { schema: { tags, querystring: AccountListQuery } }, async (req, reply) =>
    sendPage(reply, await listAccountsPage(deps, actorOf(req), parseAccountList(req, req.query)), accountPageJson));

  app.get('/accounts/export', {
    schema: { tags, querystring: AccountListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
  }, async (req, reply) => {
    const { format, ...rest } = req.query;
    const file = await exportAccounts(deps, actorOf(req), parseAccountList(req, rest as z.infer<typeof AccountListQuery>), format);
    return reply.header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="accounts.${format}"; filename*=UTF-8''${encodeURIComponent(`客户导出.${format}`)}`)
      .send(file.body);
  });

  app.post('/accounts', { schema: { tags, body: CreateAccountInput } }, async (req, reply) => {
    reply.status(201);
    return createAccount(deps, actorOf(req), req.body);
  });

  app.post('/accounts/duplicates', { schema: { tags, body: AccountDuplicateQuery } }, async (req) => {
    const { excludeId, ...keys } = req.body;
    return { matches: await findAccountDuplicates(deps.db, actorOf(req), keys, excludeId) };
  });

  app.get('/accounts/:id', { schema: { tags, params: idParams } }, async (req) => getAccount(deps, actorOf(req), req.params.id));

  app.patch('/accounts/:id', { schema: { tags, params: idParams, body: UpdateAccountInput } }, async (req) =>
    updateAccount(deps, actorOf(req), req.params.id, req.body));

  app.delete('/accounts/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await deleteAccount(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.post('/accounts/:id/restore', { schema: { tags, params: idParams } }, async (req) => restoreAccount(deps, actorOf(req), req.params.id));

  app.post('/accounts/:id/merge', { schema: { tags, params: idParams, body: MergeAccountsInput } }, async (req) =>
    mergeAccounts(deps, actorOf(req), req.params.id, req.body));

  app.post('/account-merges/:id/undo', { schema: { tags, params: idParams } }, async (req) => undoMerge(deps, actorOf(req), req.params.id));

  app.get('/accounts/:id/timeline', { schema: { tags, params: idParams, querystring: z.object(pageQuery) } }, async (req) => {
    const actor = actorOf(req);
    await getAccount(deps, actor, req.params.id);
    const after = decodeCursor(req.query.cursor, timeCursor);
    const ids = [req.params.id, ...(await listMergedIds(deps.db, actor.tenantId, req.params.id))];
    const rows = await listAccountTimeline(deps.db, actor.tenantId, ids, req.query.limit + 1, after && { at: after[0], id: after[1] });
    return toPage(rows, req.query.limit, (r) => [r.at.toISOString(), r.id]);
  });
}
