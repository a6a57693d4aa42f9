// What other modules may use: notify inside their own transaction, the routes, and the tables.
export { notify, notifyMany, scheduleDelivery, settleNotifications, type NotificationInput, type NotificationEvent, type NotifyResult } from './notifications.service.js';
export { registerNotificationRoutes } from './notifications.routes.js';
export { DELIVER_JOB, MAX_DELIVERY_ATTEMPTS } from './webhooks.deliver.js';
export { PRUNE_JOB } from './webhooks.prune.js';
export { notifications, webhooks, webhookDeliveries, WEBHOOK_FORMATS, type WebhookFormat } from './notifications.schema.js';
export { NOTIFICATION_EVENTS, NOTIFICATION_EVENT_LABELS } from '../../../shared/notification-contracts.js';
