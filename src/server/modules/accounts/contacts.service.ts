import { and, asc, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, timeCursor, toPage } from '../../http/pagination.js';
import type { CreateContactInput, UpdateContactInput } from '../../../shared/contracts.js';
import { normalizeEmail, normalizeMobile } from '../../../shared/normalize.js';
import { recordAudit } from '../audit/index.js';
import { cleanCustomValues } from '../custom-fields/index.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { accounts, contacts } from './accounts.schema.js';
import { assertFieldsWritable, isVisible, presentFields, scopeOwnerIds, visibleCondition } from './accounts.policy.js';
import { changedFields, loadWritableAccount } from './accounts.service.js';
import { findContactDuplicates } from './dedupe.service.js';

const contactSelection = {
  id: contacts.id, accountId: contacts.accountId, accountName: accounts.name, name: contacts.name, title: contacts.title,
  department: contacts.department, mobile: contacts.mobile, email: contacts.email, wechat: contacts.wechat,
  buyingRoles: contacts.buyingRoles, stance: contacts.stance, isPrimary: contacts.isPrimary, ownerId: contacts.ownerId,
  notes: contacts.notes, custom: contacts.custom, version: contacts.version, createdAt: contacts.createdAt, updatedAt: contacts.updatedAt,
};
type ContactView = Awaited<ReturnType<typeof selectContacts>>[number];

function selectContacts(db: Queryable, where: SQL | undefined) {
  return db.select(contactSelection).from(contacts)
    .innerJoin(accounts, and(eq(accounts.tenantId, contacts.tenantId), eq(accounts.id, contacts.accountId)))
    .where(where);
}

const present = (actor: Actor, c: ContactView) => presentFields(actor, 'contact', c);

export interface ContactListQuery { q?: string; accountId?: string; buyingRole?: string; limit: number; cursor?: string }

/** Contacts of the accounts the actor may see, newest change first. */
export async function listContactsPage(deps: AppDeps, actor: Actor, q: ContactListQuery) {
  requirePermission(actor, 'contacts.read');
  const after = decodeCursor(q.cursor, timeCursor);
  const scope = await scopeOwnerIds(deps.db, actor);
  const term = q.q?.trim().replace(/[%_\\]/g, '\\$&');
  const mobile = normalizeMobile(q.q);
  const rows = await selectContacts(deps.db, and(
    eq(contacts.tenantId, actor.tenantId), isNull(contacts.deletedAt), isNull(accounts.deletedAt),
    visibleCondition(scope, accounts.ownerId, accounts.csOwnerId),
    q.accountId ? eq(contacts.accountId, q.accountId) : undefined,
    q.buyingRole ? sql`${contacts.buyingRoles} @> array[${q.buyingRole}]::text[]` : undefined,
    term ? or(ilike(contacts.name, `%${term}%`), mobile && mobile.length >= 7 ? eq(contacts.mobileNorm, mobile) : undefined, eq(contacts.emailNorm, term.toLowerCase())) : undefined,
    after ? sql`(${contacts.updatedAt}, ${contacts.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
  )).orderBy(desc(contacts.updatedAt), desc(contacts.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.updatedAt.toISOString(), r.id]);
  return { ...page, items: page.items.map((c) => present(actor, c)) };
}

export async function listAccountContacts(deps: AppDeps, actor: Actor, accountId: string) {
  requirePermission(actor, 'contacts.read');
  await assertAccountVisible(deps.db, actor, accountId);
  const rows = await selectContacts(deps.db, and(eq(contacts.tenantId, actor.tenantId), eq(contacts.accountId, accountId), isNull(contacts.deletedAt)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt));
  return rows.map((c) => present(actor, c));
}

async function assertAccountVisible(db: Queryable, actor: Actor, accountId: string) {
  const [a] = await db.select({ ownerId: accounts.ownerId, csOwnerId: accounts.csOwnerId }).from(accounts)
    .where(and(eq(accounts.tenantId, actor.tenantId), eq(accounts.id, accountId), isNull(accounts.deletedAt)));
  if (!a || !isVisible(await scopeOwnerIds(db, actor), a)) throw new AppError('NOT_FOUND');
}

export async function getContact(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'contacts.read');
  const [row] = await selectContacts(deps.db, and(eq(contacts.tenantId, actor.tenantId), eq(contacts.id, id), isNull(contacts.deletedAt)));
  if (!row) throw new AppError('NOT_FOUND');
  await assertAccountVisible(deps.db, actor, row.accountId);
  return present(actor, row);
}

async function loadWritableContact(db: Queryable, actor: Actor, id: string) {
  const [row] = await db.select().from(contacts).where(and(eq(contacts.tenantId, actor.tenantId), eq(contacts.id, id), isNull(contacts.deletedAt))).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  await loadWritableAccount(db, actor, row.accountId);
  return row;
}

async function assertNoContactDuplicate(db: Queryable, actor: Actor, k: { mobile?: string | null; email?: string | null }, excludeId?: string) {
  const matches = await findContactDuplicates(db, actor, k, excludeId);
  if (matches.length) throw new AppError('CONTACT_DUPLICATE', { matches });
}

/** Adds a contact to an account the actor may edit, after 查重 on mobile and email. */
export async function createContact(deps: AppDeps, actor: Actor, input: CreateContactInput) {
  requirePermission(actor, 'contacts.write');
  assertFieldsWritable(actor, 'contact', input);
  const id = newId();
  await deps.db.transaction(async (tx) => {
    const account = await loadWritableAccount(tx, actor, input.accountId);
    const custom = await cleanCustomValues(tx, actor.tenantId, 'contact', input.custom);
    await assertNoContactDuplicate(tx, actor, input);
    const now = deps.clock.now();
    if (input.isPrimary) await clearPrimary(tx, actor.tenantId, input.accountId);
    const [row] = await tx.insert(contacts).values({
      ...input, custom, tenantId: actor.tenantId, id, mobileNorm: normalizeMobile(input.mobile), emailNorm: normalizeEmail(input.email),
      ownerId: account.ownerId, createdBy: actor.kind === 'system' ? null : actor.userId, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!row) throw new AppError('CONTACT_DUPLICATE', { matches: [] });
    await recordAudit(tx, actor, { entity: 'contact', entityId: id, accountId: input.accountId, action: 'create', after: row }, now);
  });
  return getContact(deps, actor, id);
}

async function clearPrimary(db: Queryable, tenantId: string, accountId: string) {
  await db.update(contacts).set({ isPrimary: false }).where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.isPrimary, true)));
}

export async function updateContact(deps: AppDeps, actor: Actor, id: string, input: UpdateContactInput) {
  requirePermission(actor, 'contacts.write');
  const { version, ...sent } = input;
  await deps.db.transaction(async (tx) => {
    const before = await loadWritableContact(tx, actor, id);
    const fields = changedFields(presentFields(actor, 'contact', before as unknown as Record<string, unknown>), sent);
    assertFieldsWritable(actor, 'contact', fields);
    if (before.version !== version) throw new AppError('VERSION_CONFLICT', { currentVersion: before.version });
    if (fields.accountId && fields.accountId !== before.accountId) await loadWritableAccount(tx, actor, fields.accountId);
    const set: Partial<typeof contacts.$inferInsert> = { ...fields };
    if (fields.custom) set.custom = { ...before.custom, ...(await cleanCustomValues(tx, actor.tenantId, 'contact', fields.custom, true)) };
    if (fields.mobile !== undefined) set.mobileNorm = normalizeMobile(fields.mobile);
    if (fields.email !== undefined) set.emailNorm = normalizeEmail(fields.email);
    if ((set.mobileNorm !== undefined && set.mobileNorm !== before.mobileNorm) || (set.emailNorm !== undefined && set.emailNorm !== before.emailNorm)) {
      await assertNoContactDuplicate(tx, actor, { mobile: fields.mobile, email: fields.email }, id);
    }
    if (fields.isPrimary) await clearPrimary(tx, actor.tenantId, fields.accountId ?? before.accountId);
    const now = deps.clock.now();
    const row = await updateVersioned(tx, contacts, actor.tenantId, id, version, { ...set, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'contact', entityId: id, accountId: row.accountId, action: 'update', before, after: row }, now);
  });
  return getContact(deps, actor, id);
}

export async function deleteContact(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'contacts.delete');
  await deps.db.transaction(async (tx) => {
    const before = await loadWritableContact(tx, actor, id);
    const now = deps.clock.now();
    await tx.update(contacts).set({ deletedAt: now, updatedAt: now, version: before.version + 1 }).where(and(eq(contacts.tenantId, actor.tenantId), eq(contacts.id, id)));
    await recordAudit(tx, actor, { entity: 'contact', entityId: id, accountId: before.accountId, action: 'delete', changes: { name: { from: before.name, to: null } } }, now);
  });
}
