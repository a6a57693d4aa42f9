// The lead benchmark's workspace, built through the app's own services: reps with a capacity, a default pool with
// members, an ordered routing rule set (region, industry, tier; round-robin, weighted, least-loaded, a pool).
import type { Clock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/client.js';
import { newId } from '../../src/server/db/ids.js';
import { migrateDatabase } from '../../src/server/db/migrate.js';
import type { AppDeps } from '../../src/server/deps.js';
import { createWorkspace, hashPassword, users, type Actor } from '../../src/server/modules/identity/index.js';
import { createApiKey } from '../../src/server/modules/identity/api-keys.service.js';
import { repSettings } from '../../src/server/modules/leads/lead-rules.schema.js';
import { createPool, replacePoolMembers } from '../../src/server/modules/leads/pools.service.js';
import { createRoutingRule } from '../../src/server/modules/leads/routing-rules.service.js';
import { actorFor } from '../../test/factories.js';
import type { BenchTarget } from './database.js';
import type { LeadOwners } from './lead-rows.js';

/** The data's "now": fixed, so the same seed gives the same leads, scores and due dates on every run. */
export const LEADS_NOW = new Date(Date.UTC(2025, 5, 2, 2, 0, 0));
export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });

const REPS = 40;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '洋', '艳', '杰', '勇', '军', '涛', '超', '明', '霞', '平', '刚', '丽', '鹏'];

export interface LeadWorkspace { deps: AppDeps; admin: Actor; owners: LeadOwners; apiKey: string }

export async function createLeadWorkspace(database: Database, t: BenchTarget, clock: Clock, slug = 'bench-leads'): Promise<LeadWorkspace> {
  await migrateDatabase(database);
  const config = { ...loadConfig(), databaseUrl: t.databaseUrl, dataDir: t.dataDir ?? '' };
  const deps: AppDeps = { db: database.db, database, clock, config };
  const ws = await createWorkspace(database.db, { slug, name: '线索基准测试', admin: { email: `admin@${slug}.test`, name: '市场管理员', password: 'bench-password-1' } });
  const passwordHash = await hashPassword('bench-password-1');
  const repIds = Array.from({ length: REPS }, () => newId());
  await database.db.insert(users).values(repIds.map((id, k) => ({
    tenantId: ws.tenantId, id, email: `rep${k + 1}@${slug}.test`, name: SURNAMES[k] + GIVEN[k % GIVEN.length] + (k >= GIVEN.length ? '华' : ''),
    passwordHash, roleId: ws.roleIds.sales_rep, departmentId: ws.rootDepartmentId,
  })));
  // A million leads over 40 reps is 25,000 each: the 库容 is set to fit, as a workspace of this size would.
  await database.db.insert(repSettings).values(repIds.map((userId) => ({ tenantId: ws.tenantId, userId, capacity: 100_000, weight: 1 + (userId.charCodeAt(35) % 3) })));
  const admin = await actorFor(database.db, ws.tenantId, ws.adminId);
  const { key } = await createApiKey(deps, admin, 'bench-leads');
  const pool = await createPool(deps, admin, { name: '线索公海', description: '未跟进或无人认领的线索', isDefault: true, holdingLimit: 50_000 });
  await replacePoolMembers(deps, admin, pool.id, { members: repIds.map((userId, k) => ({ userId, role: k === 0 ? 'admin' : 'member' })) });
  const team = (from: number, to: number) => repIds.slice(from, to);
  await createRoutingRule(deps, admin, {
    name: '华东 A/B 级线索', nameEn: 'East China, tiers A/B', isEnabled: true,
    conditions: [{ field: 'region', in: ['华东'] }, { field: 'tier', in: ['A', 'B'] }],
    target: { kind: 'team', repIds: team(0, 10), strategy: 'round_robin', overflowPoolId: pool.id },
  });
  await createRoutingRule(deps, admin, {
    name: '制造业与软件行业', nameEn: 'Manufacturing and software', isEnabled: true,
    conditions: [{ field: 'industry', in: ['C', 'I', 'saas:smart-manufacturing', 'saas:enterprise-software'] }],
    target: { kind: 'team', repIds: team(10, 20), strategy: 'weighted', overflowPoolId: pool.id },
  });
  await createRoutingRule(deps, admin, {
    name: '华南与西南', nameEn: 'South and south-west', isEnabled: true,
    conditions: [{ field: 'region', in: ['华南', '西南'] }],
    target: { kind: 'team', repIds: team(20, 30), strategy: 'least_loaded', overflowPoolId: pool.id },
  });
  await createRoutingRule(deps, admin, {
    name: 'D 级进公海培育', nameEn: 'Tier D to the pool', isEnabled: true, conditions: [{ field: 'tier', in: ['D'] }],
    target: { kind: 'pool', poolId: pool.id },
  });
  const rest = await createRoutingRule(deps, admin, {
    name: '其余线索', nameEn: 'Everything else', isEnabled: true, conditions: [],
    target: { kind: 'team', repIds, strategy: 'round_robin', overflowPoolId: pool.id },
  });
  return { deps, admin, apiKey: key, owners: { tenantId: ws.tenantId, adminId: ws.adminId, repIds, poolId: pool.id, ruleId: rest.id, ruleName: rest.name } };
}
