import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, type Actor } from '../identity/actor.js';
import type { CustomFieldInput, UpdateCustomFieldInput } from '../../../shared/contracts.js';
import { customFieldDefs } from './custom-fields.schema.js';

export type CustomFieldDef = typeof customFieldDefs.$inferSelect;
export type CustomEntity = 'account' | 'contact';

/** Live (unarchived) definitions of an entity's custom fields, in display order. */
export async function listCustomFieldDefs(db: Queryable, tenantId: string, entity: CustomEntity, includeArchived = false) {
  return db.select().from(customFieldDefs)
    .where(and(eq(customFieldDefs.tenantId, tenantId), eq(customFieldDefs.entity, entity), includeArchived ? undefined : isNull(customFieldDefs.archivedAt)))
    .orderBy(asc(customFieldDefs.position), asc(customFieldDefs.createdAt));
}

export interface CustomValueIssue { path: string; message: string }

function checkValue(def: CustomFieldDef, v: unknown): { value?: unknown; error?: string } {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return { value: null };
  switch (def.type) {
    case 'text':
      return typeof v === 'string' && v.length <= 2000 ? { value: v.trim() } : { error: '应为不超过 2000 字的文本 / text up to 2000 characters' };
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,，\s]/g, '')) : NaN;
      return Number.isFinite(n) ? { value: n } : { error: '应为数字 / must be a number' };
    }
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
        ? { value: v } : { error: '应为日期 YYYY-MM-DD / must be a date YYYY-MM-DD' };
    case 'select':
      return typeof v === 'string' && def.options.includes(v) ? { value: v } : { error: `应为以下选项之一 / must be one of: ${def.options.join(', ')}` };
    case 'multi_select': {
      const arr = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,，;；|、]/).map((s) => s.trim()).filter(Boolean) : null;
      return arr && arr.every((x) => typeof x === 'string' && def.options.includes(x))
        ? { value: [...new Set(arr)] } : { error: `应为以下选项 / must be among: ${def.options.join(', ')}` };
    }
    default:
      return { error: 'unknown field type' };
  }
}

/**
 * Checks custom values against the tenant's definitions and returns them cleaned. Unknown keys are errors;
 * with `partial` (an update) required fields may be absent.
 */
export function validateCustomValues(
  defs: CustomFieldDef[], values: Record<string, unknown>, opts: { partial?: boolean } = {},
): { values: Record<string, unknown>; issues: CustomValueIssue[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: Record<string, unknown> = {};
  const issues: CustomValueIssue[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) { issues.push({ path: `custom.${key}`, message: '未知的自定义字段 / unknown custom field' }); continue; }
    const r = checkValue(def, raw);
    if (r.error) issues.push({ path: `custom.${key}`, message: r.error });
    else out[key] = r.value;
  }
  for (const def of defs) {
    const missing = out[def.key] === null || out[def.key] === undefined;
    if (def.isRequired && missing && (!opts.partial || key_in(values, def.key))) {
      issues.push({ path: `custom.${def.key}`, message: `${def.label}为必填项 / ${def.labelEn ?? def.label} is required` });
    }
  }
  return { values: out, issues };
}

const key_in = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Like validateCustomValues, but throws VALIDATION_FAILED with field paths. */
export async function cleanCustomValues(db: Queryable, tenantId: string, entity: CustomEntity, values: Record<string, unknown>, partial = false) {
  const defs = await listCustomFieldDefs(db, tenantId, entity);
  const r = validateCustomValues(defs, values, { partial });
  if (r.issues.length) throw new AppError('VALIDATION_FAILED', r.issues);
  return r.values;
}

export async function createCustomField(deps: AppDeps, actor: Actor, input: z.infer<typeof CustomFieldInput>) {
  requirePermission(actor, 'admin.custom_fields');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(customFieldDefs).values({ ...input, tenantId: actor.tenantId, id: newId(), createdAt: deps.clock.now() })
      .onConflictDoNothing().returning();
    if (!row) throw new AppError('ALREADY_EXISTS', [{ path: 'key', message: '字段标识已存在 / key already used' }]);
    await recordAudit(tx, actor, { entity: 'custom_field', entityId: row.id, action: 'create', after: row }, deps.clock.now());
    return row;
  });
}

export async function updateCustomField(deps: AppDeps, actor: Actor, id: string, input: z.infer<typeof UpdateCustomFieldInput>) {
  requirePermission(actor, 'admin.custom_fields');
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customFieldDefs).where(and(eq(customFieldDefs.tenantId, actor.tenantId), eq(customFieldDefs.id, id)));
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const { archived, version, ...rest } = input;
    const [row] = await tx.update(customFieldDefs).set({
      ...rest,
      ...(archived === undefined ? {} : { archivedAt: archived ? deps.clock.now() : null }),
      version: version + 1,
    }).where(and(eq(customFieldDefs.tenantId, actor.tenantId), eq(customFieldDefs.id, id), eq(customFieldDefs.version, version))).returning();
    if (!row) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, actor, { entity: 'custom_field', entityId: id, action: archived ? 'archive' : 'update', before, after: row }, deps.clock.now());
    return row;
  });
}
