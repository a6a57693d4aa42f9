// Reading and editing leads within the actor's scope: the list, the detail, profile edits, marking invalid.
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../http/pagination.js';
import type { UpdateLeadInput } from '../../../shared/lead-contracts.js';
import { normalizeCompanyName, normalizeEmail, normalizeMobile } from '../../../shared/normalize.js';
import { recordAudit } from '../audit/index.js';
import { assertFieldsWritable } from '../accounts/index.js';
import { requirePermission, type Actor } from '../identity/index.js';
import * as repo from './leads.repository.js';
import { isLeadVisible, isLeadWritable, leadVisibleCondition, presentLead, resolveLeadScope } from './leads.policy.js';
import { leads, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { findRegionOfProvince } from './leads.routing.js';
import { formatScoreExplanation } from './leads.scoring.js';
import { explainStoredScore, loadActiveScoringModel, rescoreLeads } from './scoring.service.js';
import { setRecycleChecks } from './recycle-checks.repository.js';
import { refuseWhileAwaitingSales, settleOwnerNotices } from './assignment.js';
import { leadLabel, type SourceType } from './leads.text.js';

/** my: leads I own; team: leads owned by anyone in my data scope; all: everything I may see (pools included). */
export type LeadView = 'my' | 'team' | 'all';

export type LeadListQuery = Omit<repo.LeadFilter, 'visible' | 'qNorm' | 'qMobile'> & {
  view: LeadView; sort: repo.LeadSortKey; direction: 'asc' | 'desc'; limit: number; cursor?: string; withTotal?: boolean;
};

const TOTAL_CAP = 10_000;

/** Turns an API filter into repository terms with the actor's scope applied. */
export async function resolveLeadFilter(db: Queryable, actor: Actor, view: LeadView, f: LeadListQuery | Omit<LeadListQuery, 'view' | 'sort' | 'direction' | 'limit'>): Promise<repo.LeadFilter> {
  const scope = await resolveLeadScope(db, actor);
  const q = f.q?.trim();
  const ownerId = f.ownerId?.map((id) => (id === 'me' ? actor.userId : id));
  return {
    ...f,
    q,
    qNorm: q ? normalizeCompanyName(q) : undefined,
    qMobile: q && /\d{7,}/.test(q) ? normalizeMobile(q) ?? undefined : undefined,
    ownerId: view === 'my' ? [actor.userId] : view === 'team' && !ownerId?.length ? scope.ownerIds ?? undefined : ownerId,
    visible: leadVisibleCondition(scope),
  };
}

/** Lists the leads the actor may see, one keyset page at a time. */
export async function listLeadsPage(deps: AppDeps, actor: Actor, q: LeadListQuery): Promise<Page<repo.LeadView>> {
  requirePermission(actor, 'leads.read');
  const { view, sort, direction, limit, cursor, withTotal, ...f } = q;
  const shape = repo.LEAD_CURSOR_SHAPES[repo.LEAD_SORTS[sort].kind];
  const after = decodeCursor(cursor, shape);
  const filter = await resolveLeadFilter(deps.db, actor, view, f);
  const rows = await repo.listLeads(deps.db, actor.tenantId, filter, sort, direction, limit + 1, after);
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const page: Page<repo.LeadView> = {
    items: items.map((r) => presentLead(actor, r)),
    nextCursor: hasMore ? encodeCursor([sortValue(last, sort), last.id]) : null,
  };
  if (withTotal) {
    const n = await repo.countLeads(deps.db, actor.tenantId, filter, TOTAL_CAP);
    page.total = Math.min(n, TOTAL_CAP);
    page.totalIsEstimate = n > TOTAL_CAP;
  }
  return page;
}

function sortValue(row: repo.LeadView, sort: repo.LeadSortKey): unknown {
  const v = row[sort];
  return v instanceof Date ? v.toISOString() : v;
}

/** A visible lead with its touches, follow-ups, ownership history and the score in words; NOT_FOUND otherwise. */
export async function getLead(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'leads.read');
  const row = await repo.getLeadView(deps.db, actor.tenantId, id);
  if (!row || !isLeadVisible(await resolveLeadScope(deps.db, actor), row)) throw new AppError('NOT_FOUND');
  const history = await repo.listLeadHistory(deps.db, actor.tenantId, id);
  const score = await explainStoredScore(deps.db, actor.tenantId, { ...row, sourceType: row.sourceType as SourceType });
  // The lead this one was linked to as a possible duplicate (查重 "create and link", or the loser of a 撞单): named, so
  // the page can say which; the 查重 that linked them showed the same name.
  const duplicateOf = row.duplicateOfId ? await repo.getLeadName(deps.db, actor.tenantId, row.duplicateOfId) : undefined;
  return {
    ...presentLead(actor, row),
    duplicateOf: duplicateOf ? { id: duplicateOf.id, label: leadLabel(duplicateOf) } : null,
    scoreExplanation: score.explanation,
    scoreSummary: { zh: formatScoreExplanation(score, 'zh'), en: formatScoreExplanation(score, 'en') },
    ...history,
  };
}

/** Loads a lead for a write: live, visible, and (unless the actor may assign) owned by the actor or in their scope. */
export async function loadWritableLead(db: Queryable, actor: Actor, id: string, forUpdate = true) {
  const row = await repo.getLeadRow(db, actor.tenantId, id, forUpdate);
  const scope = await resolveLeadScope(db, actor);
  if (!row || !isLeadVisible(scope, row)) throw new AppError('NOT_FOUND');
  if (!isLeadWritable(scope, actor, row)) throw new AppError('CLAIM_FIRST');
  return row;
}

const PROFILE_FIELDS = ['industry', 'employeeSize', 'province', 'title'] as const;

/** Edits a lead's profile; a change to a scoring field rescores it in the same transaction. */
export async function updateLead(deps: AppDeps, actor: Actor, id: string, input: UpdateLeadInput) {
  requirePermission(actor, 'leads.write');
  const { version, ...fields } = input;
  assertFieldsWritable(actor, 'lead', fields);
  const now = deps.clock.now();
  // Nothing sent, nothing changed: no new version, no empty audit row.
  if (!Object.values(fields).some((v) => v !== undefined)) return getLead(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    const before = await loadWritableLead(tx, actor, id);
    if (!OPEN_LEAD_STATUSES.includes(before.status)) throw new AppError('LEAD_STATUS_INVALID', { status: before.status });
    const patch: Partial<typeof leads.$inferInsert> = { ...fields, updatedAt: now };
    if (fields.company !== undefined) patch.companyNorm = fields.company ? normalizeCompanyName(fields.company) : null;
    if (fields.mobile !== undefined) patch.mobileNorm = normalizeMobile(fields.mobile);
    if (fields.email !== undefined) patch.emailNorm = normalizeEmail(fields.email);
    if (fields.province !== undefined) patch.region = findRegionOfProvince(fields.province);
    // A field sent empty (null) is cleared, one left out is kept: `??` would read a cleared field as the old value.
    const kept = (key: 'mobile' | 'email' | 'wechat') => (fields[key] !== undefined ? fields[key] : before[key]);
    if (!kept('mobile') && !kept('email') && !kept('wechat')) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'mobile', message: '手机、邮箱、微信至少保留一项 / keep a mobile, an email or a WeChat id' }]);
    }
    const newWechat = fields.wechat?.trim() || null;
    await refuseSamePerson(tx, actor.tenantId, id, {
      mobileNorm: patch.mobileNorm !== before.mobileNorm ? patch.mobileNorm ?? null : null, emailNorm: patch.emailNorm !== before.emailNorm ? patch.emailNorm ?? null : null,
      wechat: fields.wechat !== undefined && newWechat !== before.wechat ? newWechat : null,
    });
    const after = await updateVersioned(tx, leads, actor.tenantId, id, version, patch);
    if (PROFILE_FIELDS.some((f) => fields[f] !== undefined && fields[f] !== before[f])) {
      await rescoreLeads(tx, actor.tenantId, [id], await loadActiveScoringModel(tx, actor.tenantId), now);
    }
    await recordAudit(tx, actor, { entity: 'lead', entityId: id, action: 'update', before: pick(before, fields), after: pick(after, fields) }, now);
  });
  return getLead(deps, actor, id);
}

/**
 * An edit may not give a lead the mobile or email of another open lead: that is the same person twice, which capture
 * refuses too (查重). Said on the field, naming the other lead, so the person editing can go and merge instead.
 */
async function refuseSamePerson(db: Queryable, tenantId: string, id: string, keys: { mobileNorm: string | null; emailNorm: string | null; wechat: string | null }) {
  const matches = await repo.findLeadMatches(db, tenantId, { ...keys, companyNorm: null }, id);
  const checks = [['mobile', 'mobileNorm', '手机号', 'mobile'], ['email', 'emailNorm', '邮箱', 'email'], ['wechat', 'wechat', '微信', 'WeChat id']] as const;
  const issues = checks.flatMap(([path, key, zh, en]) => {
    const other = keys[key] ? matches.find((m) => m[key] === keys[key]) : undefined;
    return other ? [{ path, message: `与线索「${leadLabel(other)}」的${zh}相同：同一个人请合并，不要存成两条 / another open lead (${leadLabel(other)}) has this ${en}: merge them rather than keep the person twice` }] : [];
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues);
}

/** Marks a lead 无效 with a reason; it leaves every queue (SLA, recycle) and frees its owner's capacity. */
export async function markLeadInvalid(deps: AppDeps, actor: Actor, id: string, input: { reason: string; version: number }) {
  requirePermission(actor, 'leads.write');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await loadWritableLead(tx, actor, id);
    if (!OPEN_LEAD_STATUSES.includes(before.status)) throw new AppError('LEAD_STATUS_INVALID', { status: before.status });
    refuseWhileAwaitingSales(before);
    await updateVersioned(tx, leads, actor.tenantId, id, input.version, {
      status: 'invalid', invalidReason: input.reason, slaState: 'none', slaWarnAt: null, slaDueAt: null, updatedAt: now,
    });
    await setRecycleChecks(tx, actor.tenantId, [{ leadId: id, checkAt: null }]);
    await settleOwnerNotices(tx, now, actor.tenantId, [id]);
    await recordAudit(tx, actor, { entity: 'lead', entityId: id, action: 'invalidate', before: { status: before.status }, after: { status: 'invalid', invalidReason: input.reason } }, now);
  });
  return getLead(deps, actor, id);
}

function pick(row: Record<string, unknown>, fields: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(fields).map((k) => [k, row[k]]));
}
