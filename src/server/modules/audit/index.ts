export { recordAudit, diffChanges, listAccountTimeline, type AuditEntry, type Changes } from './audit.repository.js';
export { registerAuditRoutes } from './audit.routes.js';
export { auditLog } from './audit.schema.js';
export { registerAuditNamer, type AuditNamer } from './audit.names.js';
