// The embedded database keeps its data in a folder across restarts, and migrations are safe to re-apply.
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.js';
import { openConfiguredDatabase } from '../src/server/main.js';
import { seedDemo } from '../src/server/seed/demo.js';
import { tenants, users } from '../src/server/modules/identity/index.js';
import { notifications } from '../src/server/modules/notifications/index.js';
import { accounts } from '../src/server/modules/accounts/index.js';

describe('embedded PGlite data folder', () => {
  it('seeds once, and a restart finds the same workspace and accounts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'baton-data-'));
    try {
      // Always PGlite here, whichever database the rest of the run uses: this is about the embedded mode.
      const config = { ...loadConfig({ BATON_DATA_DIR: dir }), databaseUrl: undefined };
      const first = await openConfiguredDatabase(config);
      const deps = { db: first.db, database: first, clock: { now: () => new Date() }, config };
      expect(await seedDemo(deps)).toBe(true);
      const before = await first.db.select({ id: accounts.id }).from(accounts);
      // The demo's leads followed up late were escalated to the manager when their deadline passed, as the sweep does.
      const escalated = await first.db.select({ title: notifications.title, createdAt: notifications.createdAt }).from(notifications)
        .innerJoin(users, and(eq(users.tenantId, notifications.tenantId), eq(users.id, notifications.userId)))
        .where(and(eq(users.email, 'manager@demo.baton.local'), eq(notifications.event, 'lead.sla_breached')));
      expect(escalated.length).toBeGreaterThan(0);
      expect(escalated[0].title).toContain('超时未跟进');
      expect(escalated.every((n) => n.createdAt.getTime() < Date.now() - 86_400_000)).toBe(true);
      await first.close();

      const second = await openConfiguredDatabase(config);
      const [demo] = await second.db.select().from(tenants).where(eq(tenants.slug, 'demo'));
      expect(demo.name).toBe('接力演示科技');
      expect((await second.db.select({ id: accounts.id }).from(accounts)).length).toBe(before.length);
      expect(before.length).toBeGreaterThan(5);
      expect(await seedDemo({ ...deps, db: second.db, database: second })).toBe(false);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
