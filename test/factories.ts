import { and, asc, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../src/server/deps.js';
import { createWorkspace, users, roles, type Actor } from '../src/server/modules/identity/index.js';
import { newId } from '../src/server/db/ids.js';
import { hashPassword } from '../src/server/modules/identity/auth.service.js';
import { createAccount, createContact } from '../src/server/modules/accounts/index.js';
import type { CreateAccountInput, CreateContactInput } from '../src/shared/contracts.js';
import type { DataScope } from '../src/shared/dictionaries.js';
import type { Db } from '../src/server/db/client.js';
import { CreateLeadInput } from '../src/shared/lead-contracts.js';
import { createLead, type CaptureContext } from '../src/server/modules/leads/capture.service.js';
import { leadRecycleChecks, leads, leadScores } from '../src/server/modules/leads/leads.schema.js';

export const TEST_PASSWORD = 'test-password-1';

/** Loads the actor for a user, as the auth layer would. */
export async function actorFor(db: Db, tenantId: string, userId: string): Promise<Actor> {
  const [row] = await db.select({ name: users.name, departmentId: users.departmentId, dataScope: roles.dataScope, permissions: roles.permissions, fieldPermissions: roles.fieldPermissions })
    .from(users).innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return {
    tenantId, userId, name: row.name, kind: 'user', departmentId: row.departmentId, dataScope: row.dataScope as DataScope,
    permissions: new Set(row.permissions), fieldPermissions: row.fieldPermissions,
  };
}

export interface TestWorkspace {
  tenantId: string; slug: string; rootDepartmentId: string; roleIds: Record<string, string>;
  admin: Actor; adminEmail: string;
}

/** A workspace of its own for one test, so tests never see each other's data. */
export async function buildWorkspace(deps: AppDeps): Promise<TestWorkspace> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const adminEmail = `admin@${slug}.test`;
  const ws = await createWorkspace(deps.db, { slug, name: `测试 ${slug}`, admin: { email: adminEmail, name: '管理员', password: TEST_PASSWORD } });
  return { ...ws, slug, adminEmail, admin: await actorFor(deps.db, ws.tenantId, ws.adminId) };
}

let cachedHash: string | undefined;

/** A user with one of the default roles (or a given role id), inserted directly for speed. */
export async function buildUser(deps: AppDeps, ws: TestWorkspace, role: string, opts: { departmentId?: string; managerId?: string; name?: string } = {}) {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const id = newId();
  const email = `${role}-${id.slice(-8)}@${ws.slug}.test`;
  await deps.db.insert(users).values({
    tenantId: ws.tenantId, id, email, name: opts.name ?? `${role} ${id.slice(-4)}`, passwordHash: cachedHash,
    roleId: ws.roleIds[role] ?? role, departmentId: opts.departmentId ?? ws.rootDepartmentId, managerId: opts.managerId ?? null,
  });
  return { id, email, actor: await actorFor(deps.db, ws.tenantId, id) };
}

let seq = 0;
/** An account created through the service, as a user would; names are unique unless given. */
export async function buildAccount(deps: AppDeps, actor: Actor, overrides: Partial<CreateAccountInput> = {}) {
  seq += 1;
  return createAccount(deps, actor, {
    name: `测试客户${randomUUID().slice(0, 6)}${seq}科技有限公司`, lifecycleStage: 'prospect', tags: [], custom: {}, allowSimilar: true, ...overrides,
  });
}

export async function buildContact(deps: AppDeps, actor: Actor, accountId: string, overrides: Partial<CreateContactInput> = {}) {
  return createContact(deps, actor, { accountId, name: '王磊', buyingRoles: [], isPrimary: false, custom: {}, ...overrides });
}

let mobileSeq = 0;
/** A unique mainland mobile per call, so leads never collide by accident. */
export function nextMobile(): string {
  mobileSeq += 1;
  return `139${String((Date.now() % 1e4) * 1e4 + mobileSeq).padStart(8, '0').slice(-8)}`;
}

/** A lead captured through the real pipeline (查重, scoring, routing), as a user would enter it. */
export async function buildLead(deps: AppDeps, actor: Actor, overrides: Partial<CreateLeadInput> = {}, ctx?: CaptureContext) {
  seq += 1;
  const input = CreateLeadInput.parse({
    name: '李娜', company: `线索公司${randomUUID().slice(0, 6)}${seq}有限公司`, mobile: nextMobile(), source: 'consultation', ...overrides,
  });
  return createLead(deps, actor, input, ctx);
}

/** A workspace's leads as stored, each with its score and recycle check (kept beside the lead), in id order. */
export async function storedLeads(db: Db, tenantId: string, ids?: string[]) {
  const rows = await db.select({ lead: leads, score: leadScores, check: leadRecycleChecks }).from(leads)
    .leftJoin(leadScores, and(eq(leadScores.tenantId, leads.tenantId), eq(leadScores.leadId, leads.id)))
    .leftJoin(leadRecycleChecks, and(eq(leadRecycleChecks.tenantId, leads.tenantId), eq(leadRecycleChecks.leadId, leads.id)))
    .where(and(eq(leads.tenantId, tenantId), ids ? inArray(leads.id, ids) : undefined)).orderBy(asc(leads.id));
  return rows.map(({ lead, score, check }) => ({
    ...lead, score: score?.score ?? null, fitScore: score?.fitScore ?? null, engagementScore: score?.engagementScore ?? null,
    scoringModelId: score?.scoringModelId ?? null, scoredAt: score?.scoredAt ?? null,
    recycleCheckAt: check?.checkAt ?? null, recycleWarnedAt: check?.warnedAt ?? null,
  }));
}
