import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { installErrorHandler } from './http/errors.js';
import { installTextGuard } from './http/text-guard.js';
import { installIdCase } from './http/id-case.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { installAuth } from './http/auth.js';
import type { ApiApp } from './http/api.js';
import { registerIdentityRoutes } from './modules/identity/index.js';
import { registerAuditRoutes } from './modules/audit/index.js';
import { registerAccountRoutes } from './modules/accounts/index.js';
import { registerCustomFieldRoutes } from './modules/custom-fields/index.js';
import { registerViewRoutes } from './modules/views/index.js';
import { registerImportRoutes } from './modules/imports/index.js';
import { registerFormPage, registerLeadRoutes } from './modules/leads/index.js';
import { registerScoringRoutes } from './modules/leads/scoring-models.routes.js';
import { registerPoolRoutes } from './modules/leads/pools.routes.js';
import { registerLeadOpsRoutes } from './modules/leads/lead-ops.routes.js';
import { registerNotificationRoutes } from './modules/notifications/index.js';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface BuildOptions { logger?: boolean | object; serveWeb?: boolean }

/** The whole HTTP app without listen(): main.ts listens, tests use app.inject(). */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    // Only behind a proxy the operator names (BATON_TRUST_PROXY): otherwise any client could pick its own address with
    // X-Forwarded-For and step around the per-address limits on sign-in and the public forms.
    trustProxy: deps.config.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array' } },
    // Long enough for any token or id a route takes (a form token is up to 200 characters), so a wrong one is answered
    // by the route (404, or 400 with the field) rather than by the router's bare 414.
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, opts.serveWeb !== false && existsSync(deps.config.webDir));
  installTextGuard(app);
  installIdCase(app);
  installSecurityHeaders(app);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  // Limits apply only where a route asks (login, the public form); the rest of the API is for signed-in users. They
  // count before the body is validated (the body is parsed by then, for keys made from it): a request refused for its
  // fields still spends an attempt, so no one probes a form or a password endlessly with malformed bodies.
  await app.register(rateLimit, { global: false, hook: 'preValidation' });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Baton API', version: '1', description: 'Baton (接力) REST API. Sign in with a session cookie or `Authorization: Bearer <API key>`.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  installAuth(app, deps);
  const health = async () => ({ ok: true, database: deps.database.kind });
  // Also at the root, where a load balancer or monitor usually probes: the web app's fallback page there would answer
  // 200 whatever the server's state.
  app.get('/health', health);
  await app.register(async (api) => {
    const typed = api as unknown as ApiApp;
    typed.get('/health', { config: { isPublic: true }, schema: { hide: true } }, health);
    registerIdentityRoutes(typed, deps);
    registerAuditRoutes(typed, deps);
    registerAccountRoutes(typed, deps);
    registerCustomFieldRoutes(typed, deps);
    registerViewRoutes(typed, deps);
    registerImportRoutes(typed, deps);
    registerLeadRoutes(typed, deps);
    registerScoringRoutes(typed, deps);
    registerPoolRoutes(typed, deps);
    registerLeadOpsRoutes(typed, deps);
    registerNotificationRoutes(typed, deps);
  }, { prefix: '/api/v1' });
  await registerFormPage(app, deps);

  if (opts.serveWeb !== false && existsSync(deps.config.webDir)) {
    await app.register(fastifyStatic, {
      root: deps.config.webDir, wildcard: false, preCompressed: true, cacheControl: false,
      // Vite names assets by content hash: a browser may keep them for good; index.html is revalidated each time.
      setHeaders: (res, file) => res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    // Client-side routes (/accounts/…) get the app shell; unknown /api paths keep their JSON 404.
  }
  return app;
}
