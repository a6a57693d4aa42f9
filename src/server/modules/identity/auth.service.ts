import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { DataScope } from '../../../shared/dictionaries.js';
import type { Actor } from './actor.js';
import * as repo from './identity.repository.js';
import { cacheActor, forgetActor, getCachedActor } from './actor-cache.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
export const SESSION_COOKIE = 'baton_session';

export interface AuthDeps { db: Db; clock: Clock }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
export const hashPassword = (password: string) => hash(password);

// A fixed hash to verify against when the email is unknown, so the response time does not reveal it.
let dummyHash: string | undefined;

/** Checks email and password; returns a new session token (cookie value) and its CSRF token. */
export async function login(deps: AuthDeps, input: { email: string; password: string; workspace?: string }) {
  const candidates = await repo.findLoginCandidates(deps.db, input.email, input.workspace);
  if (candidates.length > 1) throw new AppError('WORKSPACE_REQUIRED', { workspaces: candidates.map((c) => c.slug) });
  const user = candidates[0];
  dummyHash ??= await hash('baton-dummy-password');
  const ok = await verify(user?.passwordHash ?? dummyHash, input.password).catch(() => false);
  if (!user || !ok || user.status !== 'active' || !user.passwordHash) throw new AppError('INVALID_CREDENTIALS');
  const secret = token();
  const csrfToken = token(24);
  const now = deps.clock.now();
  await repo.insertSession(deps.db, {
    tenantId: user.tenantId, tokenHash: sha256(secret), userId: user.userId, csrfToken,
    createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  return { cookie: `${user.tenantId}.${secret}`, csrfToken, tenantId: user.tenantId, userId: user.userId };
}

function splitCookie(cookie: string): [string, string] | undefined {
  const dot = cookie.indexOf('.');
  if (dot !== 36) return undefined;
  return [cookie.slice(0, 36), cookie.slice(37)];
}

export async function logout(deps: AuthDeps, cookie: string) {
  const parts = splitCookie(cookie);
  if (!parts) return;
  const tokenHash = sha256(parts[1]);
  forgetActor(`s:${parts[0]}:${tokenHash}`);
  await repo.deleteSession(deps.db, parts[0], tokenHash);
}

function toActor(row: repo.ActorRow, kind: Actor['kind']): Actor {
  return {
    tenantId: row.tenantId, userId: row.userId, name: row.name, kind, departmentId: row.departmentId,
    dataScope: row.dataScope as DataScope, permissions: new Set(row.permissions), fieldPermissions: row.fieldPermissions,
  };
}

/** A user acting on their own behalf outside a request: seeding, scripts and jobs that act for a person. */
export async function loadUserActor(db: AuthDeps['db'], tenantId: string, userId: string): Promise<Actor> {
  const row = await repo.findActorByUser(db, tenantId, userId);
  if (!row) throw new AppError('NOT_FOUND');
  return toActor(row, 'user');
}

/** The actor behind a session cookie, with the session's CSRF token; undefined when invalid or expired. */
export async function authenticateSession(deps: AuthDeps, cookie: string) {
  const parts = splitCookie(cookie);
  if (!parts || !/^[0-9a-f-]{36}$/.test(parts[0])) return undefined;
  const tokenHash = sha256(parts[1]);
  const key = `s:${parts[0]}:${tokenHash}`;
  const now = deps.clock.now();
  const cached = getCachedActor(key, now.getTime());
  if (cached) return { actor: cached.actor, csrfToken: cached.csrfToken! };
  const row = await repo.findActorBySession(deps.db, parts[0], tokenHash, now);
  if (!row || row.status !== 'active') return undefined;
  const actor = toActor(row, 'user');
  cacheActor(key, actor, now.getTime(), row.csrfToken, row.expiresAt.getTime());
  return { actor, csrfToken: row.csrfToken };
}

// API key: bk_<tenant id, 32 hex>_<prefix, 8>_<secret>. The tenant is in the key so the lookup stays tenant-scoped.
const API_KEY_RE = /^bk_([0-9a-f]{32})_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,})$/;

export function makeApiKey(tenantId: string) {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const secret = token(24);
  return { key: `bk_${tenantId.replace(/-/g, '')}_${prefix}_${secret}`, prefix, keyHash: sha256(secret) };
}

export async function authenticateApiKey(deps: AuthDeps, key: string): Promise<Actor | undefined> {
  const m = API_KEY_RE.exec(key);
  if (!m) return undefined;
  // Keyed by the whole key's hash, so only the exact secret ever hits the cache.
  const cacheKey = `k:${sha256(key)}`;
  const cached = getCachedActor(cacheKey, deps.clock.now().getTime());
  if (cached) return cached.actor;
  const hex = m[1];
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const row = await repo.findActorByApiKey(deps.db, tenantId, m[2]);
  if (!row || row.status !== 'active') return undefined;
  const a = Buffer.from(row.keyHash, 'hex');
  const b = Buffer.from(sha256(m[3]), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  // Last-used is for people reviewing keys; minute precision spares a write on every request.
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await repo.touchApiKey(deps.db, tenantId, row.keyId, now);
  const actor = toActor(row, 'api_key');
  cacheActor(cacheKey, actor, now.getTime());
  return actor;
}
