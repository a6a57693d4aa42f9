import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { decodeCursor, pageQuery, timeCursor, toPage } from '../../http/pagination.js';
import { requirePermission } from '../identity/actor.js';
import { listAudit } from './audit.repository.js';
import { nameAuditEntities } from './audit.names.js';

export function registerAuditRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/audit', {
    schema: {
      tags: ['audit'],
      querystring: z.object({
        entity: z.string().max(40).optional(), entityId: z.uuid().optional(), actorId: z.uuid().optional(),
        action: z.string().max(40).optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(), ...pageQuery,
      }),
    },
  }, async (req) => {
    const actor = actorOf(req);
    requirePermission(actor, 'audit.read');
    const { limit, cursor, ...filter } = req.query;
    const after = decodeCursor(cursor, timeCursor);
    const rows = await listAudit(deps.db, actor.tenantId, filter, limit + 1, after && { at: after[0], id: after[1] });
    const names = await nameAuditEntities(deps.db, actor.tenantId, rows.slice(0, limit));
    return toPage(rows.map((r) => ({ ...r, entityName: names.get(r.entityId) ?? null })), limit, (r) => [r.at.toISOString(), r.id]);
  });
}
