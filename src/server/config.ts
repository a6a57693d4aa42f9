import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** Set Secure on cookies; on by default when served over HTTPS behind a proxy. */
  secureCookies: boolean;
  logLevel: string;
  webDir: string;
  /** Work off durable jobs (SLA, recycle, rescoring, webhooks) in this process; off for a web-only node. */
  runJobs: boolean;
  /**
   * Which proxy's X-Forwarded-For to believe (BATON_TRUST_PROXY): unset = none, the socket's address is the client's;
   * "true" = any; otherwise the proxies' addresses or CIDRs, comma-separated (Fastify's trustProxy).
   */
  trustProxy: boolean | string[];
  /** Where users open Baton (BATON_PUBLIC_URL, e.g. https://crm.example.com): webhook messages link to the record there. */
  publicUrl?: string;
  /** Let webhooks reach this machine (BATON_WEBHOOK_ALLOW_LOCAL=true): off, so a webhook cannot be aimed at the host. */
  webhookAllowLocal: boolean;
}

/** BATON_PUBLIC_URL without its trailing slash; anything but an http(s) URL stops the start with a message saying so. */
export function parsePublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new Error(`BATON_PUBLIC_URL must be an http(s) address without ? or #, such as https://crm.example.com (got "${value}")`);
  }
  return url.href.replace(/\/+$/, '');
}

/** BATON_TRUST_PROXY as Fastify takes it: false when unset or "false", true for "true", else the list of addresses. */
export function parseTrustProxy(value: string | undefined): boolean | string[] {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((a) => a.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.BATON_DATA_DIR ?? './data'),
    secureCookies: env.BATON_SECURE_COOKIES === 'true',
    logLevel: env.LOG_LEVEL ?? 'warn',
    webDir: path.resolve(env.BATON_WEB_DIR ?? './dist/web'),
    runJobs: env.BATON_JOBS !== 'off',
    publicUrl: parsePublicUrl(env.BATON_PUBLIC_URL),
    trustProxy: parseTrustProxy(env.BATON_TRUST_PROXY),
    webhookAllowLocal: env.BATON_WEBHOOK_ALLOW_LOCAL === 'true',
  };
}
