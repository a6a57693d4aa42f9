import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePermission, type Actor } from '../modules/identity/actor.js';
import type { Permission } from '../../shared/dictionaries.js';
import { authenticateApiKey, authenticateSession, SESSION_COOKIE, type AuthDeps } from '../modules/identity/auth.service.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    sessionCsrf?: string;
  }
  interface FastifyContextConfig {
    /** The route needs no signed-in user (login, public forms, health). */
    isPublic?: boolean;
    /**
     * What the route requires of everyone who calls it, checked before its input is read: someone who may not change
     * a rule gets 403 whatever they sent, not a list of what is wrong with it. The service checks it again (and
     * anything that depends on the input).
     */
    permission?: Permission;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the actor for every /api route: a Bearer API key, or the session cookie. Cookie sessions must echo
 * their CSRF token in X-CSRF-Token on writes; API keys are not sent by browsers on their own, so need none. Runs as
 * the request arrives, before its body is validated: who is asking is settled before what they asked for.
 */
export function installAuth(app: FastifyInstance, deps: AuthDeps) {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const config = req.routeOptions.config;
    await resolveActor(req, deps, config?.isPublic === true);
    if (!req.actor) {
      if (!config?.isPublic) throw new AppError('UNAUTHENTICATED');
      return;
    }
    if (config?.permission) requirePermission(req.actor, config.permission);
  });
}

/** Sets req.actor from a Bearer API key or the session cookie, when either is valid. */
async function resolveActor(req: FastifyRequest, deps: AuthDeps, isPublic: boolean): Promise<void> {
  const authz = req.headers.authorization;
  if (authz?.startsWith('Bearer ')) {
    const actor = await authenticateApiKey(deps, authz.slice(7).trim());
    if (!actor) throw new AppError('INVALID_API_KEY');
    req.actor = { ...actor, requestId: req.id };
    return;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  const found = cookie ? await authenticateSession(deps, cookie) : null;
  if (!found) return;
  req.actor = { ...found.actor, requestId: req.id };
  req.sessionCsrf = found.csrfToken;
  if (!SAFE.has(req.method) && !isPublic && req.headers['x-csrf-token'] !== found.csrfToken) throw new AppError('CSRF_FAILED');
}

/** The signed-in actor of a route that is not public. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}
