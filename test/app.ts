import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/server/app.js';
import type { AppDeps } from '../src/server/deps.js';
import { TEST_PASSWORD } from './factories.js';

export interface Session {
  /** Sends a request as this user, with the session cookie and CSRF token. */
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function buildTestApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = await buildApp(deps, { serveWeb: false });
  await app.ready();
  return app;
}

function sessionFrom(app: FastifyInstance, headers: Record<string, string>): Session {
  const request = (opts: InjectOptions) => app.inject({ ...opts, headers: { ...headers, ...(opts.headers as Record<string, string>) } });
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, payload) => request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    patch: (url, payload) => request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

/** Signs in through the real login route and returns a session that sends cookie and CSRF token. */
export async function loginAs(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'baton_session')!;
  return sessionFrom(app, { cookie: `baton_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken });
}

export function withApiKey(app: FastifyInstance, key: string): Session {
  return sessionFrom(app, { authorization: `Bearer ${key}` });
}
