import { and, asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { newId } from '../../db/ids.js';
import { SavedViewInput } from '../../../shared/contracts.js';
import { recordAudit } from '../audit/index.js';
import { savedViews } from './views.schema.js';

const tags = ['views'];

/** Saved list views: a user's own, plus those others shared. */
export function registerViewRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/views', { schema: { tags, querystring: z.object({ entity: z.enum(['account', 'contact']) }) } }, async (req) => {
    const actor = actorOf(req);
    const items = await deps.db.select().from(savedViews).where(and(
      eq(savedViews.tenantId, actor.tenantId), eq(savedViews.entity, req.query.entity),
      or(eq(savedViews.userId, actor.userId), eq(savedViews.isShared, true)),
    )).orderBy(asc(savedViews.name));
    return { items };
  });

  app.post('/views', { schema: { tags, body: SavedViewInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [v] = await tx.insert(savedViews).values({ ...req.body, tenantId: actor.tenantId, id: newId(), userId: actor.userId, createdAt: now }).returning();
      await recordAudit(tx, actor, { entity: 'saved_view', entityId: v.id, action: 'create', after: v }, now);
      return v;
    });
    reply.status(201);
    return row;
  });

  app.delete('/views/:id', { schema: { tags, params: z.object({ id: z.uuid() }) } }, async (req, reply) => {
    const actor = actorOf(req);
    await deps.db.transaction(async (tx) => {
      const [v] = await tx.delete(savedViews)
        .where(and(eq(savedViews.tenantId, actor.tenantId), eq(savedViews.id, req.params.id), eq(savedViews.userId, actor.userId))).returning();
      if (!v) throw new AppError('NOT_FOUND');
      await recordAudit(tx, actor, { entity: 'saved_view', entityId: v.id, action: 'delete', before: v }, deps.clock.now());
    });
    return reply.status(204).send();
  });
}
