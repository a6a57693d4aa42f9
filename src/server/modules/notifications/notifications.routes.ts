import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pageQuery } from '../../http/pagination.js';
import { CreateWebhookInput, UpdateWebhookInput } from '../../../shared/notification-contracts.js';
import { listMyNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.js';
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, resendWebhookDelivery, testWebhook, updateWebhook } from './webhooks.service.js';

const idParams = z.object({ id: z.uuid() });
const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const NotificationListQuery = z.object({ unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), ...pageQuery });

export function registerNotificationRoutes(app: ApiApp, deps: AppDeps) {
  const tags = ['notifications'];
  app.get('/notifications', { schema: { tags, querystring: NotificationListQuery } }, async (req) => {
    const { unread, limit, cursor } = req.query;
    return listMyNotifications(deps, actorOf(req), { isUnreadOnly: unread, limit, cursor });
  });
  app.post('/notifications/:id/read', { schema: { tags, params: idParams } }, async (req) => markNotificationRead(deps, actorOf(req), req.params.id));
  app.post('/notifications/read-all', { schema: { tags } }, async (req) => markAllNotificationsRead(deps, actorOf(req)));

  const hookTags = ['webhooks'];
  app.get('/webhooks', { schema: { tags: hookTags } }, async (req) => listWebhooks(deps, actorOf(req)));
  app.post('/webhooks', { config: { permission: 'admin.webhooks' }, schema: { tags: hookTags, body: CreateWebhookInput } }, async (req, reply) => {
    reply.status(201);
    return createWebhook(deps, actorOf(req), req.body);
  });
  app.patch('/webhooks/:id', { config: { permission: 'admin.webhooks' }, schema: { tags: hookTags, params: idParams, body: UpdateWebhookInput } }, async (req) =>
    updateWebhook(deps, actorOf(req), req.params.id, req.body));
  app.delete('/webhooks/:id', { config: { permission: 'admin.webhooks' }, schema: { tags: hookTags, params: idParams } }, async (req, reply) => {
    await deleteWebhook(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/webhooks/:id/test', { config: { permission: 'admin.webhooks' }, schema: { tags: hookTags, params: idParams } }, async (req) => testWebhook(deps, actorOf(req), req.params.id));
  app.get('/webhooks/:id/deliveries', { schema: { tags: hookTags, params: idParams, querystring: z.object(pageQuery) } }, async (req) =>
    listWebhookDeliveries(deps, actorOf(req), req.params.id, req.query));
  app.post('/webhooks/:id/deliveries/:deliveryId/resend', { config: { permission: 'admin.webhooks' }, schema: { tags: hookTags, params: deliveryParams } }, async (req) =>
    resendWebhookDelivery(deps, actorOf(req), req.params.id, req.params.deliveryId));
}
