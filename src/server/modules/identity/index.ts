export { registerIdentityRoutes } from './identity.routes.js';
export { can, requirePermission, fieldAccess, systemActor, type Actor } from './actor.js';
export { hashPassword, loadUserActor } from './auth.service.js';
export { listScopeUserIds, worksLeads } from './identity.repository.js';
export { tenants, users, roles, departments } from './identity.schema.js';
export { createWorkspace, DEFAULT_ROLES, loadWorkspaceTimeZone, type NewWorkspace } from './workspaces.service.js';
export { createUser } from './users.service.js';
export { createDepartment } from './departments.service.js';
