import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../modules/identity/actor.js';
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
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the actor for every /api route: a Bearer API key, or the session cookie. Cookie sessions must echo
 * their CSRF token in X-CSRF-Token on writes; API keys are not sent by browsers on their own, so need none.
 */
export function installAuth(app: FastifyInstance, deps: AuthDeps) {
  app.addHook('preHandler', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const isPublic = req.routeOptions.config?.isPublic === true;
    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      const actor = await authenticateApiKey(deps, authz.slice(7).trim());
      if (!actor) throw new AppError('INVALID_API_KEY');
      req.actor = { ...actor, requestId: req.id };
      return;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) {
      const found = await authenticateSession(deps, cookie);
      if (found) {
        req.actor = { ...found.actor, requestId: req.id };
        req.sessionCsrf = found.csrfToken;
        if (!SAFE.has(req.method) && !isPublic && req.headers['x-csrf-token'] !== found.csrfToken) throw new AppError('CSRF_FAILED');
      }
    }
    if (!req.actor && !isPublic) throw new AppError('UNAUTHENTICATED');
  });
}

/** The signed-in actor of a route that is not public. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}
