import type { Actor } from './actor.js';

/**
 * Who a session or API key stands for, kept for a few seconds so a burst of requests costs one lookup. Every change
 * to users, roles, sessions or keys clears its workspace's entries at once in this process; another process (a
 * second server on PostgreSQL) sees the change within the TTL.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry { actor: Actor; csrfToken?: string; tenantId: string; until: number }
const entries = new Map<string, Entry>();

export function getCachedActor(key: string, now: number): Entry | undefined {
  const e = entries.get(key);
  if (!e) return undefined;
  if (e.until <= now) { entries.delete(key); return undefined; }
  return e;
}

export function cacheActor(key: string, actor: Actor, now: number, csrfToken?: string, expiresAt?: number) {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { actor, csrfToken, tenantId: actor.tenantId, until: Math.min(now + TTL_MS, expiresAt ?? Infinity) });
}

export function forgetActor(key: string) {
  entries.delete(key);
}

/** Drops every cached actor of a workspace: call after any change to its users, roles, sessions or keys. */
export function forgetWorkspaceActors(tenantId: string) {
  for (const [k, e] of entries) if (e.tenantId === tenantId) entries.delete(k);
}
