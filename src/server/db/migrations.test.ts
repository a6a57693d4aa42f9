// Data migrations, run on a database that already holds data from before them: the migration that follows is applied
// to rows written by the schema it replaces.
import { afterAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { openDatabase, queryRows } from './client.js';
import { migrateDatabase, migrationsFolder } from './migrate.js';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

/** A copy of the migrations folder that stops before the migration tagged `tag`. */
async function migrationsBefore(tag: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-migrations-'));
  dirs.push(dir);
  await cp(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at, `migration ${tag}`).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

describe('0016 one workspace time zone', () => {
  it('moves the lead settings zone onto the workspace, drops the pools’ zones and gives admins the workspace permission', async () => {
    const database = await openDatabase({});
    try {
      await migrate(database.db as never, { migrationsFolder: await migrationsBefore('0016_workspace_time_zone') });
      const [berlin, plain] = ['01a22700-0000-7000-8000-000000000001', '01a22700-0000-7000-8000-000000000002'];
      for (const id of [berlin, plain]) {
        await database.db.execute(sql`insert into tenants (tenant_id, slug, name, settings)
          values (${id}, ${`t-${id.slice(-1)}`}, '迁移测试', '{"currency":"CNY","timeZone":"Asia/Shanghai","locale":"zh-CN"}')`);
        await database.db.execute(sql`insert into roles (tenant_id, id, key, name, name_en, data_scope, permissions)
          values (${id}, gen_random_uuid(), 'admin', '系统管理员', 'Administrator', 'all', array['admin.users','admin.roles'])`);
      }
      await database.db.execute(sql`insert into lead_settings (tenant_id, sla_policy, time_zone)
        values (${berlin}, '{"firstTouchHours":{"A":24,"B":24,"C":null,"D":null},"warningHours":4}', 'Europe/Berlin')`);
      await database.db.execute(sql`insert into pools (tenant_id, id, name, claim_rules, recycle_rules)
        values (${berlin}, gen_random_uuid(), '公海', '{"dailyLimit":5,"coolDownDays":30,"timeZone":"Asia/Tokyo"}', '{}')`);

      await migrateDatabase(database);

      const zones = await queryRows<{ id: string; zone: string; currency: string }>(database.db,
        sql`select tenant_id as id, settings->>'timeZone' as zone, settings->>'currency' as currency from tenants order by tenant_id`);
      expect(zones).toEqual([{ id: berlin, zone: 'Europe/Berlin', currency: 'CNY' }, { id: plain, zone: 'Asia/Shanghai', currency: 'CNY' }]);
      const [pool] = await queryRows<{ rules: unknown }>(database.db, sql`select claim_rules as rules from pools`);
      expect(pool.rules).toEqual({ dailyLimit: 5, coolDownDays: 30 });
      const admins = await queryRows<{ permissions: string[] }>(database.db, sql`select permissions from roles order by tenant_id`);
      expect(admins.map((r) => r.permissions)).toEqual([['admin.users', 'admin.roles', 'admin.workspace'], ['admin.users', 'admin.roles', 'admin.workspace']]);
    } finally {
      await database.close();
    }
  });
});
