// The rules a workspace runs its leads by: scoring models, the SQL standard, routing rules, rep capacity, pools.
import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, timestamp, integer, jsonb, boolean, primaryKey, foreignKey, uniqueIndex, index, check,
} from 'drizzle-orm/pg-core';
import type { ScoringModel } from './leads.scoring.js';
import type { RoutingCondition, RoutingTarget, RoutingState } from './leads.routing.js';
import type { ClaimRules } from './leads.claim.js';
import type { RecycleRules } from './leads.recycle.js';
import type { SlaPolicy } from './leads.sla.js';

export type ScoringModelDefinition = Omit<ScoringModel, 'id' | 'version'>;

/** Versioned scoring models; exactly one is active per workspace, and activating one rescores every lead. */
export const scoringModels = pgTable('scoring_models', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  definition: jsonb('definition').$type<ScoringModelDefinition>().notNull(),
  status: text('status').notNull().default('draft'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  activatedAt: timestamp('activated_at', { withTimezone: true }),
  activatedBy: uuid('activated_by'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('scoring_models_version_uq').on(t.tenantId, t.version),
  uniqueIndex('scoring_models_active_uq').on(t.tenantId).where(sql`status = 'active'`),
  check('scoring_models_status_ck', sql`status in ('draft','active','retired')`),
]);

export interface SqlStandardItem { key: string; label: string; labelEn: string; hint?: string; required: boolean }

/** The SQL standard: a versioned checklist that takes effect only when marketing and sales have both signed it. */
export const sqlStandards = pgTable('sql_standards', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  items: jsonb('items').$type<SqlStandardItem[]>().notNull(),
  /** How many of the required items must be checked (BANT: all four). */
  minChecked: integer('min_checked').notNull(),
  status: text('status').notNull().default('draft'),
  marketingSignedBy: uuid('marketing_signed_by'),
  marketingSignedAt: timestamp('marketing_signed_at', { withTimezone: true }),
  salesSignedBy: uuid('sales_signed_by'),
  salesSignedAt: timestamp('sales_signed_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  activatedAt: timestamp('activated_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('sql_standards_version_uq').on(t.tenantId, t.version),
  uniqueIndex('sql_standards_active_uq').on(t.tenantId).where(sql`status = 'active'`),
  check('sql_standards_status_ck', sql`status in ('draft','active','retired')`),
]);

/** Ordered routing rules: the first enabled rule whose conditions all match decides the team or pool. */
export const routingRules = pgTable('routing_rules', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  isEnabled: boolean('is_enabled').notNull().default(true),
  conditions: jsonb('conditions').$type<RoutingCondition[]>().notNull(),
  target: jsonb('target').$type<RoutingTarget>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  index('routing_rules_position_idx').on(t.tenantId, t.position),
]);

/**
 * One row per workspace: the round-robin cursors and weighted credits. Routing locks it FOR UPDATE, so concurrent
 * routers take turns and no lead is assigned twice or against stale load counts.
 */
export const routingState = pgTable('routing_state', {
  tenantId: uuid('tenant_id').notNull(),
  state: jsonb('state').$type<RoutingState>().notNull(),
  /** How many leads each rep was given by each rule: the evenness the round-robin promises, kept for reporting. */
  assignedCounts: jsonb('assigned_counts').$type<Record<string, Record<string, number>>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId] })]);

/** A rep's capacity (库容), routing weight and availability (leave); no row means the defaults. */
export const repSettings = pgTable('rep_settings', {
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  capacity: integer('capacity').notNull().default(200),
  weight: integer('weight').notNull().default(1),
  isAvailable: boolean('is_available').notNull().default(true),
  /** Leave starts at this instant (null = at once), so next week's leave can be entered today. */
  unavailableFrom: timestamp('unavailable_from', { withTimezone: true }),
  /** Leave: unavailable until this instant, then available again without anyone remembering to switch it back. */
  unavailableUntil: timestamp('unavailable_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.userId] }),
  check('rep_settings_capacity_ck', sql`capacity >= 0 and weight >= 0`),
]);

/** 线索池 / 客户公海: several per workspace, each with its own members, claim and recycle rules. */
export const pools = pgTable('pools', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  claimRules: jsonb('claim_rules').$type<ClaimRules>().notNull(),
  recycleRules: jsonb('recycle_rules').$type<RecycleRules>().notNull(),
  /** Most open leads a member may hold from this pool at once; null = only the rep's capacity. */
  holdingLimit: integer('holding_limit'),
  /** Where recycled leads with no pool go. */
  isDefault: boolean('is_default').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('pools_name_uq').on(t.tenantId, t.name).where(sql`deleted_at is null`),
  uniqueIndex('pools_default_uq').on(t.tenantId).where(sql`is_default and deleted_at is null`),
]);

export const poolMembers = pgTable('pool_members', {
  tenantId: uuid('tenant_id').notNull(),
  poolId: uuid('pool_id').notNull(),
  userId: uuid('user_id').notNull(),
  /** member: may claim and return; admin: also assigns from the pool and edits its rules. */
  role: text('role').notNull().default('member'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.poolId, t.userId] }),
  foreignKey({ name: 'pool_members_pool_fk', columns: [t.tenantId, t.poolId], foreignColumns: [pools.tenantId, pools.id] }),
  index('pool_members_user_idx').on(t.tenantId, t.userId),
  check('pool_members_role_ck', sql`role in ('member','admin')`),
]);

/** Workspace-wide lead settings; no row means the defaults in DESIGN.md. */
export const leadSettings = pgTable('lead_settings', {
  tenantId: uuid('tenant_id').notNull(),
  slaPolicy: jsonb('sla_policy').$type<SlaPolicy>().notNull(),
  /** 撞单 protection period: days a rep has to log the first valid follow-up on a contested customer. */
  conflictProtectionDays: integer('conflict_protection_days').notNull().default(7),
  defaultCapacity: integer('default_capacity').notNull().default(200),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId] })]);
