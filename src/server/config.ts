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
  };
}
