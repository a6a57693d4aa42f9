// Lead tables: the lead itself, its touches and follow-ups, its ownership history, and the public capture forms.
import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, timestamp, integer, bigint, jsonb, boolean, primaryKey, foreignKey, uniqueIndex, index, check,
} from 'drizzle-orm/pg-core';
import type { Bilingual } from './leads.text.js';

import { LEAD_STATUSES, OPEN_LEAD_STATUSES, type LeadStatus } from '../../../shared/lead-statuses.js';

export { LEAD_STATUSES, OPEN_LEAD_STATUSES, type LeadStatus };

export interface Utm { source?: string; medium?: string; campaign?: string; term?: string; content?: string }
/** Answers to the SQL standard's checklist: item key → what the rep found out. */
export type SqlChecklistAnswers = Record<string, { checked: boolean; note?: string }>;

export const leads = pgTable('leads', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  /** The person: 联系人姓名. */
  name: text('name').notNull(),
  company: text('company'),
  /** Company name with legal-form suffixes, brackets and full-width forms removed: the dedupe key. */
  companyNorm: text('company_norm'),
  title: text('title'),
  mobile: text('mobile'),
  mobileNorm: text('mobile_norm'),
  email: text('email'),
  emailNorm: text('email_norm'),
  wechat: text('wechat'),
  industry: text('industry'),
  employeeSize: text('employee_size'),
  province: text('province'),
  city: text('city'),
  region: text('region'),
  productLine: text('product_line'),
  /** 主动 active (consultation, trial, demo request, referral) or 被动 passive (download, giveaway, event sign-up). */
  sourceType: text('source_type').notNull(),
  source: text('source').notNull(),
  channel: text('channel'),
  campaign: text('campaign'),
  utm: jsonb('utm').$type<Utm>().notNull().default({}),
  /** How it came in: manual, import, api, form. */
  captureMethod: text('capture_method').notNull(),
  formId: uuid('form_id'),
  status: text('status').$type<LeadStatus>().notNull().default('new'),
  /** The tier of the current score (lead_scores): kept here because routing, SLA, recycle and filters read it. */
  tier: text('tier').notNull().default('D'),
  ownerId: uuid('owner_id'),
  /** The pool the lead sits in now (no owner), or null while someone holds it. */
  poolId: uuid('pool_id'),
  /** The pool whose recycle rules govern the lead and where it returns when recycled. */
  homePoolId: uuid('home_pool_id'),
  assignedAt: timestamp('assigned_at', { withTimezone: true }),
  assignmentRuleId: uuid('assignment_rule_id'),
  assignmentReason: jsonb('assignment_reason').$type<Bilingual>(),
  firstTouchedAt: timestamp('first_touched_at', { withTimezone: true }),
  lastFollowUpAt: timestamp('last_follow_up_at', { withTimezone: true }),
  /** First-touch SLA, set on assignment from the tier's policy; the SLA sweep moves sla_state forward. */
  slaState: text('sla_state').notNull().default('none'),
  slaWarnAt: timestamp('sla_warn_at', { withTimezone: true }),
  slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
  isLocked: boolean('is_locked').notNull().default(false),
  /** 查重 links: the earlier lead this one duplicates, and the account/contact it matched. */
  duplicateOfId: uuid('duplicate_of_id'),
  matchedAccountId: uuid('matched_account_id'),
  matchedContactId: uuid('matched_contact_id'),
  /** When the lead first reached MQL: the start of the MQL→SQL conversion the reports measure. */
  mqlAt: timestamp('mql_at', { withTimezone: true }),
  sqlStandardId: uuid('sql_standard_id'),
  sqlChecklist: jsonb('sql_checklist').$type<SqlChecklistAnswers>(),
  handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
  handedOverBy: uuid('handed_over_by'),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  acceptedBy: uuid('accepted_by'),
  rejectionReason: text('rejection_reason'),
  rejectionNote: text('rejection_note'),
  rejectedAt: timestamp('rejected_at', { withTimezone: true }),
  rejectedBy: uuid('rejected_by'),
  invalidReason: text('invalid_reason'),
  convertedAt: timestamp('converted_at', { withTimezone: true }),
  convertedAccountId: uuid('converted_account_id'),
  convertedContactId: uuid('converted_contact_id'),
  notes: text('notes'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'leads_duplicate_of_fk', columns: [t.tenantId, t.duplicateOfId], foreignColumns: [t.tenantId, t.id] }),
  check('leads_status_ck', sql`status in ('new','cleaning','nurturing','mql','sql','converted','invalid','returned')`),
  check('leads_source_type_ck', sql`source_type in ('active','passive')`),
  check('leads_owner_or_pool_ck', sql`owner_id is null or pool_id is null`),
  index('leads_updated_idx').on(t.tenantId, t.updatedAt, t.id),
  index('leads_created_idx').on(t.tenantId, t.createdAt, t.id),
  index('leads_owner_idx').on(t.tenantId, t.ownerId, t.updatedAt, t.id),
  index('leads_pool_idx').on(t.tenantId, t.poolId, t.updatedAt, t.id).where(sql`pool_id is not null`),
  index('leads_status_idx').on(t.tenantId, t.status, t.updatedAt, t.id),
  index('leads_mobile_idx').on(t.tenantId, t.mobileNorm).where(sql`mobile_norm is not null`),
  index('leads_email_idx').on(t.tenantId, t.emailNorm).where(sql`email_norm is not null`),
  index('leads_wechat_idx').on(t.tenantId, t.wechat).where(sql`wechat is not null`),
  index('leads_company_idx').on(t.tenantId, t.companyNorm).where(sql`company_norm is not null`),
  index('leads_company_trgm_idx').using('gin', t.companyNorm.op('gin_trgm_ops')),
  index('leads_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
  // The sweeps read only what is due: partial indexes keep them small however many leads there are. They end in id
  // because the sweeps page by (due time, id): many leads can fall due at one instant.
  index('leads_sla_due_idx').on(t.tenantId, t.slaWarnAt, t.id).where(sql`sla_state in ('on_track','warning')`),
]);

/**
 * A lead's current score, one row per lead, written with the lead and on every rescore. It lives beside the lead, not
 * in it: a model change or the daily decay rewrites every score, and a narrow row with two indexes costs a fraction of
 * rewriting the wide, heavily indexed lead. The explanation is not stored: scoreLead reproduces it from the model, the
 * lead's profile and the touches recorded up to scored_at (leads.service, getLead).
 */
export const leadScores = pgTable('lead_scores', {
  tenantId: uuid('tenant_id').notNull(),
  leadId: uuid('lead_id').notNull(),
  score: integer('score').notNull(),
  fitScore: integer('fit_score').notNull(),
  engagementScore: integer('engagement_score').notNull(),
  /** The active model that scored it; null = the built-in default model. */
  scoringModelId: uuid('scoring_model_id'),
  scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.leadId] }),
  foreignKey({ name: 'lead_scores_lead_fk', columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  // Sorting the lead list by score walks this index and joins each lead by its key.
  index('lead_scores_score_idx').on(t.tenantId, t.score, t.leadId),
]);

/**
 * When the recycle sweep next looks at a held lead, and when it last warned the owner; no row = nothing to check.
 * Beside the lead for the same reason as lead_scores: the sweep rewrites the check of every lead it keeps, and a
 * narrow row with two indexes costs a fraction of rewriting the wide, heavily indexed lead.
 */
export const leadRecycleChecks = pgTable('lead_recycle_checks', {
  tenantId: uuid('tenant_id').notNull(),
  leadId: uuid('lead_id').notNull(),
  checkAt: timestamp('check_at', { withTimezone: true }).notNull(),
  warnedAt: timestamp('warned_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.leadId] }),
  foreignKey({ name: 'lead_recycle_checks_lead_fk', columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  // The sweep pages by (check time, lead): many leads can fall due at one instant.
  index('lead_recycle_checks_due_idx').on(t.tenantId, t.checkAt, t.leadId),
]);

/**
 * Each hand-over of a lead to sales (SQL) and what sales decided: accepted, or rejected with a reason. The lead keeps
 * only its latest; a lead rejected and handed over again is two hand-overs here, so SQL→accepted and the rejection
 * reasons count every one.
 */
export const leadHandovers = pgTable('lead_handovers', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  leadId: uuid('lead_id').notNull(),
  handedOverAt: timestamp('handed_over_at', { withTimezone: true }).notNull(),
  handedOverBy: uuid('handed_over_by'),
  ownerId: uuid('owner_id'),
  outcome: text('outcome'),
  reason: text('reason'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decidedBy: uuid('decided_by'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  index('lead_handovers_lead_idx').on(t.tenantId, t.leadId),
  check('lead_handovers_outcome_ck', sql`outcome is null or outcome in ('accepted','rejected')`),
  index('lead_handovers_at_idx').on(t.tenantId, t.handedOverAt),
  index('lead_handovers_decided_idx').on(t.tenantId, t.decidedAt).where(sql`outcome = 'rejected'`),
]);

/**
 * Each first-touch SLA once it is decided: met (first touched in time) or breached (the deadline passed untouched, or
 * the first touch came late), one row per assignment. The lead itself keeps only its current clock, which a new
 * owner, a return to the pool or 无效 resets; SLA compliance is counted from these rows, so a breach stays a breach.
 */
export const leadSlaOutcomes = pgTable('lead_sla_outcomes', {
  tenantId: uuid('tenant_id').notNull(),
  leadId: uuid('lead_id').notNull(),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
  ownerId: uuid('owner_id'),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  outcome: text('outcome').notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.leadId, t.assignedAt] }),
  check('lead_sla_outcomes_outcome_ck', sql`outcome in ('met','breached')`),
  index('lead_sla_outcomes_decided_idx').on(t.tenantId, t.decidedAt),
]);

/**
 * How many open leads each rep holds (库容), kept by the database as leads change: routing reads it for every capture
 * batch, under the routing lock, where counting leads_held_idx took 180 ms a batch at a million held leads. Triggers on
 * leads append changes to lead_load_changes (appending takes no lock another writer waits on): +1/-1 per updated or
 * deleted row, and for an insert statement one row per owner with the count of the leads it gave them (migrations 0008
 * and 0010). A rep's load is its rep_lead_loads row plus its changes, and routing folds the changes into
 * rep_lead_loads while it holds the lock (foldLeadLoadChanges).
 */
export const repLeadLoads = pgTable('rep_lead_loads', {
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  held: integer('held').notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.userId] })]);

export const leadLoadChanges = pgTable('lead_load_changes', {
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
  delta: integer('delta').notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.id] })]);

/** An engagement event (行为): idempotent by the sender's event id. */
export const leadTouches = pgTable('lead_touches', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  eventId: text('event_id').notNull(),
  leadId: uuid('lead_id'),
  contactId: uuid('contact_id'),
  type: text('type').notNull(),
  label: text('label'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('lead_touches_event_uq').on(t.tenantId, t.eventId),
  foreignKey({ name: 'lead_touches_lead_fk', columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  check('lead_touches_target_ck', sql`lead_id is not null or contact_id is not null`),
  index('lead_touches_lead_idx').on(t.tenantId, t.leadId, t.occurredAt).where(sql`lead_id is not null`),
  index('lead_touches_contact_idx').on(t.tenantId, t.contactId, t.occurredAt).where(sql`contact_id is not null`),
]);

/** A sales follow-up (跟进) on a lead: the first one meets the first-touch SLA; valid ones decide 撞单. */
export const leadFollowUps = pgTable('lead_follow_ups', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  leadId: uuid('lead_id').notNull(),
  userId: uuid('user_id').notNull(),
  method: text('method').notNull(),
  content: text('content').notNull(),
  /** Valid = a real conversation was recorded (connected call, visit, meeting…), not just an attempt. */
  isValid: boolean('is_valid').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  nextStep: text('next_step'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'lead_follow_ups_lead_fk', columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  index('lead_follow_ups_lead_idx').on(t.tenantId, t.leadId, t.occurredAt),
]);

/** 'reject': sales sent an SQL back to marketing (it leaves the rep without going to a pool, unlike 'return'). */
export const OWNERSHIP_ACTIONS = ['assign', 'claim', 'return', 'reject', 'recycle', 'transfer', 'to_pool', 'convert'] as const;
export type OwnershipAction = (typeof OWNERSHIP_ACTIONS)[number];

/** Every change of a lead's owner or pool, with why: the ownership history, and the claim log the pool rules read. */
export const leadOwnership = pgTable('lead_ownership', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  leadId: uuid('lead_id').notNull(),
  action: text('action').$type<OwnershipAction>().notNull(),
  fromOwnerId: uuid('from_owner_id'),
  toOwnerId: uuid('to_owner_id'),
  fromPoolId: uuid('from_pool_id'),
  toPoolId: uuid('to_pool_id'),
  ruleId: uuid('rule_id'),
  reason: text('reason'),
  reasonEn: text('reason_en'),
  actorId: uuid('actor_id'),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'lead_ownership_lead_fk', columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  index('lead_ownership_lead_idx').on(t.tenantId, t.leadId, t.at),
  index('lead_ownership_claims_idx').on(t.tenantId, t.toOwnerId, t.at).where(sql`action = 'claim'`),
]);

/** 撞单: two reps claiming one customer; decided by the first valid follow-up within the protection period. */
export const leadConflicts = pgTable('lead_conflicts', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  /** The lead that came second and collided with `existingLeadId`. */
  leadId: uuid('lead_id').notNull(),
  existingLeadId: uuid('existing_lead_id').notNull(),
  status: text('status').notNull().default('pending'),
  winnerLeadId: uuid('winner_lead_id'),
  decideBy: timestamp('decide_by', { withTimezone: true }).notNull(),
  reason: jsonb('reason').$type<Bilingual>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'lead_conflicts_lead_fk', columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  foreignKey({ name: 'lead_conflicts_existing_fk', columns: [t.tenantId, t.existingLeadId], foreignColumns: [leads.tenantId, leads.id] }),
  index('lead_conflicts_pending_idx').on(t.tenantId, t.decideBy, t.id).where(sql`status = 'pending'`),
]);

/** An embeddable public form per campaign/channel; anyone with the token may submit, nobody logs in. */
export const leadForms = pgTable('lead_forms', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  /** The heading visitors see; the page falls back to the name (which is marketing's own label). */
  title: text('title'),
  /** The secret part of the public token lf_<tenant>_<token>. */
  token: text('token').notNull(),
  sourceType: text('source_type').notNull(),
  source: text('source').notNull(),
  channel: text('channel'),
  campaign: text('campaign'),
  productLine: text('product_line'),
  /** Which optional fields the form shows, in order; name and mobile-or-email are always asked. */
  fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
  successMessage: text('success_message'),
  /** The language of the page's own words (labels, button, messages): zh-CN or en. */
  locale: text('locale').notNull().default('zh-CN'),
  isEnabled: boolean('is_enabled').notNull().default(true),
  submissions: integer('submissions').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('lead_forms_token_uq').on(t.tenantId, t.token),
]);
