import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import {
  CreateApiKeyInput, CreateDepartmentInput, CreateUserInput, LoginInput, RoleInput, UpdateDepartmentInput, UpdateRoleInput, UpdateUserInput,
  UpdateWorkspaceInput,
} from '../../../shared/contracts.js';
import { requirePermission } from './actor.js';
import { login, logout, SESSION_COOKIE, SESSION_TTL_MS } from './auth.service.js';
import { getTenant, users } from './identity.repository.js';
import { createUser, listUserOptions, listUsers, updateUser } from './users.service.js';
import { createDepartment, deleteDepartment, listDepartments, updateDepartment } from './departments.service.js';
import { createRole, deleteRole, listRoles, updateRole } from './roles.service.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';
import { getWorkspace, updateWorkspace } from './workspaces.service.js';
import { and, eq } from 'drizzle-orm';

const idParams = z.object({ id: z.uuid() });

export function registerIdentityRoutes(app: ApiApp, deps: AppDeps) {
  app.post('/auth/login', {
    config: {
      isPublic: true,
      // Ten tries a minute per address and email slows guessing without locking a real user out for long.
      rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: string })?.email ?? '').toLowerCase()}` },
    },
    schema: { tags: ['auth'], security: [], body: LoginInput },
  }, async (req, reply) => {
    const session = await login(deps, req.body);
    reply.setCookie(SESSION_COOKIE, session.cookie, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: SESSION_TTL_MS / 1000,
    });
    const [user] = await deps.db.select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
      .from(users).where(and(eq(users.tenantId, session.tenantId), eq(users.id, session.userId)));
    return { user, csrfToken: session.csrfToken };
  });

  app.post('/auth/logout', { config: { isPublic: true }, schema: { tags: ['auth'] } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await logout(deps, cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'] } }, async (req) => {
    const actor = actorOf(req);
    const [user] = await deps.db.select({ id: users.id, name: users.name, email: users.email, locale: users.locale, departmentId: users.departmentId })
      .from(users).where(and(eq(users.tenantId, actor.tenantId), eq(users.id, actor.userId)));
    const tenant = await getTenant(deps.db, actor.tenantId);
    return {
      user, tenant: { id: tenant.tenantId, name: tenant.name, slug: tenant.slug, settings: tenant.settings },
      permissions: [...actor.permissions], dataScope: actor.dataScope, fieldPermissions: actor.fieldPermissions,
      csrfToken: req.sessionCsrf ?? null,
    };
  });

  app.get('/workspace', { schema: { tags: ['workspace'] } }, async (req) => getWorkspace(deps.db, actorOf(req).tenantId));
  app.patch('/workspace', { schema: { tags: ['workspace'], body: UpdateWorkspaceInput } }, async (req) => updateWorkspace(deps, actorOf(req), req.body));

  app.get('/users/options', { schema: { tags: ['users'] } }, async (req) => ({ items: await listUserOptions(deps.db, actorOf(req).tenantId) }));
  app.get('/users', { schema: { tags: ['users'] } }, async (req) => ({ items: await listUsers(deps.db, actorOf(req)) }));
  app.post('/users', { schema: { tags: ['users'], body: CreateUserInput } }, async (req, reply) => {
    reply.status(201);
    return createUser(deps, actorOf(req), req.body);
  });
  app.patch('/users/:id', { schema: { tags: ['users'], params: idParams, body: UpdateUserInput } }, async (req) =>
    updateUser(deps, actorOf(req), req.params.id, req.body));

  app.get('/departments', { schema: { tags: ['departments'] } }, async (req) => ({ items: await listDepartments(deps.db, actorOf(req).tenantId) }));
  app.post('/departments', { schema: { tags: ['departments'], body: CreateDepartmentInput } }, async (req, reply) => {
    reply.status(201);
    return createDepartment(deps, actorOf(req), req.body);
  });
  app.patch('/departments/:id', { schema: { tags: ['departments'], params: idParams, body: UpdateDepartmentInput } }, async (req) =>
    updateDepartment(deps, actorOf(req), req.params.id, req.body));
  app.delete('/departments/:id', { schema: { tags: ['departments'], params: idParams } }, async (req, reply) => {
    await deleteDepartment(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/roles', { schema: { tags: ['roles'] } }, async (req) => {
    const actor = actorOf(req);
    requirePermission(actor, 'admin.roles');
    return { items: await listRoles(deps.db, actor.tenantId) };
  });
  app.post('/roles', { schema: { tags: ['roles'], body: RoleInput } }, async (req, reply) => {
    reply.status(201);
    return createRole(deps, actorOf(req), req.body);
  });
  app.patch('/roles/:id', { schema: { tags: ['roles'], params: idParams, body: UpdateRoleInput } }, async (req) =>
    updateRole(deps, actorOf(req), req.params.id, req.body));
  app.delete('/roles/:id', { schema: { tags: ['roles'], params: idParams } }, async (req, reply) => {
    await deleteRole(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/api-keys', { schema: { tags: ['api keys'] } }, async (req) => ({ items: await listApiKeys(deps, actorOf(req)) }));
  app.post('/api-keys', { schema: { tags: ['api keys'], body: CreateApiKeyInput } }, async (req, reply) => {
    reply.status(201);
    return createApiKey(deps, actorOf(req), req.body.name);
  });
  app.delete('/api-keys/:id', { schema: { tags: ['api keys'], params: idParams } }, async (req, reply) => {
    await revokeApiKey(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });
}
