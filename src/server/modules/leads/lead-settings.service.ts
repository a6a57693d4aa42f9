// Workspace lead settings (first-touch SLA per tier, 撞单 protection period, default 库容) and each rep's
// routing settings (capacity, weight, leave).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { instant, recordVersion } from '../../../shared/schema-parts.js';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { scopeOwnerIds } from '../accounts/index.js';
import { can, requirePermission, roles, users, worksLeads, type Actor } from '../identity/index.js';
import { leadSettings, repSettings } from './lead-rules.schema.js';
import { loadLeadSettings, loadRepLoads } from './routing.service.js';

const hours = z.number().int().min(1, '至少 1 小时 / at least 1 hour').max(720, '最多 720 小时 / at most 720 hours').nullable();

export const UpdateLeadSettingsInput = z.object({
  slaPolicy: z.object({
    /** Hours from assignment to first touch per tier; null = no SLA for that tier. */
    firstTouchHours: z.object({ A: hours, B: hours, C: hours, D: hours }),
    warningHours: z.number().int().min(0).max(168),
  }).superRefine((p, ctx) => {
    // A reminder as long as a time limit would go out the moment a lead is assigned, beside the assignment notice.
    const shortest = (Object.entries(p.firstTouchHours) as [string, number | null][])
      .filter((e): e is [string, number] => e[1] != null).sort((a, b) => a[1] - b[1])[0];
    if (shortest && p.warningHours >= shortest[1]) {
      const [tier, h] = shortest;
      ctx.addIssue({
        code: 'custom', path: ['warningHours'],
        message: `提醒须早于最短的时限（${tier} 级 ${h} 小时），最多 ${h - 1} 小时 / the reminder must come before the shortest limit (tier ${tier}, ${h} h): at most ${h - 1} h`,
      });
    }
  }),
  conflictProtectionDays: z.number().int().min(1, '至少 1 天 / at least 1 day').max(365),
  defaultCapacity: z.number().int().min(0).max(100_000),
  /**
   * The workspace's time zone, read with the settings; it is set on the workspace (PATCH /workspace). Sent back
   * unchanged it is accepted, so a client can save what it read.
   */
  timeZone: z.string().max(64).optional(),
  /** The version read; 0 while the workspace still runs on the defaults. */
  version: recordVersion(0),
});
export type UpdateLeadSettingsInput = z.infer<typeof UpdateLeadSettingsInput>;

async function readSettings(db: Queryable, tenantId: string) {
  const [row] = await db.select({ version: leadSettings.version, updatedAt: leadSettings.updatedAt }).from(leadSettings).where(eq(leadSettings.tenantId, tenantId));
  return { ...(await loadLeadSettings(db, tenantId)), version: row?.version ?? 0, updatedAt: row?.updatedAt ?? null };
}

/** The workspace's lead settings (the defaults until someone saves them), with the version to send back. */
export async function getLeadSettings(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'leads.read');
  return readSettings(deps.db, actor.tenantId);
}

/** Saves the lead settings; they apply to assignments and conflicts from now on, not to deadlines already set. */
export async function updateLeadSettings(deps: AppDeps, actor: Actor, input: UpdateLeadSettingsInput) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  const { version, timeZone, ...values } = input;
  await deps.db.transaction(async (tx) => {
    const before = await readSettings(tx, actor.tenantId);
    if (timeZone !== undefined && timeZone !== before.timeZone) {
      throw new AppError('VALIDATION_FAILED', [{
        path: 'timeZone',
        message: `时区是整个工作区的设置（现为 ${before.timeZone}），请在 系统管理 → 工作区 修改 / the time zone belongs to the workspace (now ${before.timeZone}): change it in Admin → Workspace`,
      }]);
    }
    const saved = version === 0
      ? await tx.insert(leadSettings).values({ tenantId: actor.tenantId, ...values, version: 1, updatedAt: now }).onConflictDoNothing().returning()
      : await tx.update(leadSettings).set({ ...values, version: version + 1, updatedAt: now })
        .where(and(eq(leadSettings.tenantId, actor.tenantId), eq(leadSettings.version, version))).returning();
    if (!saved.length) throw new AppError('VERSION_CONFLICT');
    const { version: _v, updatedAt: _u, timeZone: _z, ...old } = before;
    await recordAudit(tx, actor, { entity: 'lead_settings', entityId: actor.tenantId, action: 'update', before: old, after: values }, now);
  });
  return readSettings(deps.db, actor.tenantId);
}

// ---- rep settings (库容, weight, leave) ----

export const UpdateRepSettingsInput = z.object({
  capacity: z.number().int().min(0).max(100_000),
  weight: z.number().int().min(0).max(100),
  isAvailable: z.boolean(),
  /**
   * Leave starts by itself at this instant, so it can be entered ahead; null = at once, and a start already past means
   * on leave now. With no end it lasts until switched back. Only meaningful while unavailable.
   */
  unavailableFrom: instant().nullish(),
  /** Leave ends by itself at this instant; null = until switched back. Only meaningful while unavailable. */
  unavailableUntil: instant().nullish(),
});
export type UpdateRepSettingsInput = z.infer<typeof UpdateRepSettingsInput>;

/**
 * Whose settings the actor may read and change: everyone for rule admins, the people in their data scope for
 * managers who assign leads. null = everyone.
 */
async function manageableUserIds(db: Queryable, actor: Actor): Promise<string[] | null> {
  if (can(actor, 'admin.lead_rules')) return null;
  requirePermission(actor, 'leads.assign');
  return scopeOwnerIds(db, actor);
}

/**
 * Every active rep the actor manages — people whose role works leads, and anyone else who holds open leads now —
 * with capacity, weight, availability and the open leads they hold.
 */
export async function listRepSettings(deps: AppDeps, actor: Actor) {
  const now = deps.clock.now();
  const allowed = await manageableUserIds(deps.db, actor);
  const everyone = await deps.db.select({
    id: users.id, name: users.name, email: users.email, departmentId: users.departmentId, managerId: users.managerId,
    worksLeads,
  })
    .from(users)
    .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(users.tenantId, actor.tenantId), eq(users.status, 'active'), allowed ? inArray(users.id, allowed.length ? allowed : [actor.userId]) : undefined))
    .orderBy(asc(users.name), asc(users.id));
  const { defaultCapacity } = await loadLeadSettings(deps.db, actor.tenantId);
  const loads = await loadRepLoads(deps.db, actor.tenantId, everyone.map((p) => p.id), now, defaultCapacity);
  const people = everyone.filter((p) => p.worksLeads || loads.get(p.id)!.held > 0);
  const ids = people.map((p) => p.id);
  const stored = ids.length ? await deps.db.select().from(repSettings).where(and(eq(repSettings.tenantId, actor.tenantId), inArray(repSettings.userId, ids))) : [];
  const storedOf = new Map(stored.map((s) => [s.userId, s]));
  return {
    defaultCapacity,
    items: people.map((p) => {
      const load = loads.get(p.id)!;
      const s = storedOf.get(p.id);
      return {
        userId: p.id, name: p.name, email: p.email, departmentId: p.departmentId, managerId: p.managerId,
        capacity: load.capacity, weight: load.weight, isAvailable: s?.isAvailable ?? true,
        unavailableFrom: s?.unavailableFrom ?? null, unavailableUntil: s?.unavailableUntil ?? null,
        /** Whether routing may give them a lead right now (leave not begun or over, not disabled). */
        isAvailableNow: load.isAvailable, held: load.held, isDefault: !s,
      };
    }),
  };
}

/** Sets one rep's capacity, weight and leave; admins for anyone, lead assigners for the people in their scope. */
export async function updateRepSettings(deps: AppDeps, actor: Actor, userId: string, input: UpdateRepSettingsInput) {
  const now = deps.clock.now();
  const allowed = await manageableUserIds(deps.db, actor);
  await deps.db.transaction(async (tx) => {
    const [person] = await tx.select({ id: users.id, name: users.name, worksLeads }).from(users)
      .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, userId)));
    if (!person || (allowed && !allowed.includes(userId))) throw new AppError('NOT_FOUND');
    // Capacity and leave mean something only for someone who takes leads (accepts SQLs or claims from pools).
    if (!person.worksLeads) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'userId', message: `${person.name} 的角色不接线索，无需设置库容和休假 / ${person.name}'s role takes no leads, so has no capacity or leave to set` }]);
    }
    const [before] = await tx.select().from(repSettings).where(and(eq(repSettings.tenantId, actor.tenantId), eq(repSettings.userId, userId))).for('update');
    // An available rep keeps no leave dates: switching back cancels a leave entered ahead as well.
    const leaveAt = (at: string | null | undefined) => (!input.isAvailable && at ? new Date(at) : null);
    const values = {
      capacity: input.capacity, weight: input.weight, isAvailable: input.isAvailable,
      unavailableFrom: leaveAt(input.unavailableFrom), unavailableUntil: leaveAt(input.unavailableUntil), updatedAt: now,
    };
    // A leave that would end in the past is a typo (it would change nothing); one stored earlier and since ended may be
    // sent back unchanged with a new capacity.
    const until = values.unavailableUntil;
    if (until && until <= now && until.getTime() !== before?.unavailableUntil?.getTime()) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'unavailableUntil', message: '请假结束时间已过：选一个将来的时间，或留空表示直到手动恢复 / the leave would already be over: pick a future time, or leave it empty until switched back' }]);
    }
    const from = values.unavailableFrom;
    if (from && until && from >= until) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'unavailableFrom', message: '请假开始时间须早于结束时间：改一下开始，或留空表示从现在起 / the leave must start before it ends: change the start, or leave it empty to start now' }]);
    }
    await tx.insert(repSettings).values({ tenantId: actor.tenantId, userId, ...values })
      .onConflictDoUpdate({ target: [repSettings.tenantId, repSettings.userId], set: values });
    await recordAudit(tx, actor, {
      entity: 'rep_settings', entityId: userId, action: before ? 'update' : 'create',
      before: before ? {
        capacity: before.capacity, weight: before.weight, isAvailable: before.isAvailable,
        unavailableFrom: before.unavailableFrom, unavailableUntil: before.unavailableUntil,
      } : null,
      after: {
        capacity: values.capacity, weight: values.weight, isAvailable: values.isAvailable,
        unavailableFrom: values.unavailableFrom, unavailableUntil: values.unavailableUntil,
      },
    }, now);
  });
  const list = await listRepSettings(deps, actor);
  return list.items.find((r) => r.userId === userId) ?? null;
}
