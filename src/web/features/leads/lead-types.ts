// Shapes the lead API answers (see src/server/modules/leads/*.routes.ts); dates arrive as ISO strings.
import type { SLA_STATES, TIERS } from '../../../shared/dictionaries';

export type LeadStatus = 'new' | 'cleaning' | 'nurturing' | 'mql' | 'sql' | 'converted' | 'invalid' | 'returned';
export type SlaState = (typeof SLA_STATES)[number];
export type Tier = (typeof TIERS)[number];

export interface Lead {
  id: string;
  name: string;
  company: string | null;
  title: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  industry: string | null;
  employeeSize: string | null;
  province: string | null;
  city: string | null;
  region: string | null;
  productLine: string | null;
  sourceType: 'active' | 'passive';
  source: string;
  channel: string | null;
  campaign: string | null;
  utm: Record<string, string> | null;
  captureMethod: string;
  status: LeadStatus;
  score: number;
  fitScore: number;
  engagementScore: number;
  tier: Tier;
  scoreExplanation: ScoreItem[] | null;
  scoredAt: string | null;
  ownerId: string | null;
  ownerName: string | null;
  poolId: string | null;
  poolName: string | null;
  assignedAt: string | null;
  assignmentReason: { zh: string; en: string } | string | null;
  firstTouchedAt: string | null;
  lastFollowUpAt: string | null;
  slaState: SlaState;
  slaWarnAt: string | null;
  slaDueAt: string | null;
  isLocked: boolean;
  matchedAccountId: string | null;
  matchedContactId: string | null;
  sqlChecklist: Record<string, { checked: boolean; note?: string }> | null;
  handedOverAt: string | null;
  acceptedAt: string | null;
  rejectionReason: string | null;
  rejectionNote: string | null;
  rejectedAt: string | null;
  invalidReason: string | null;
  convertedAt: string | null;
  convertedAccountId: string | null;
  convertedContactId: string | null;
  notes: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ScoreItem { kind: 'fit' | 'engagement'; label: string; labelEn: string; points: number; rawPoints?: number; ageDays?: number }

export interface Touch { id: string; eventId: string | null; type: string; label: string | null; occurredAt: string; properties: Record<string, unknown> }
export interface FollowUp { id: string; userId: string; userName: string | null; method: string; content: string; isValid: boolean; occurredAt: string; nextStep: string | null }
export interface OwnershipEntry {
  id: string; action: string; at: string; reason: string | null; reasonEn: string | null;
  fromOwnerId: string | null; fromOwnerName: string | null; toOwnerId: string | null; toOwnerName: string | null;
  fromPoolId: string | null; fromPoolName: string | null; toPoolId: string | null; toPoolName: string | null;
}

export interface LeadDetail extends Lead {
  scoreSummary: { zh: string; en: string };
  /** The lead this one is linked to as a possible duplicate. */
  duplicateOf: { id: string; label: string } | null;
  touches: Touch[];
  followUps: FollowUp[];
  ownership: OwnershipEntry[];
}

export interface LeadMatch {
  kind: 'lead' | 'account' | 'contact';
  id: string;
  name: string;
  reasons: ('mobile' | 'email' | 'wechat' | 'company' | 'name' | 'domain')[];
  ownerId: string | null;
  poolId?: string | null;
  status?: string;
  accountId?: string;
  ownerName?: string | null;
  createdAt?: string;
  /** The lead a merge would fold the new one into, and whether this user may change it. */
  mergeTarget?: boolean;
  mergeable?: boolean;
}

export interface SqlStandardItem { key: string; label: string; labelEn: string; hint?: string; required: boolean }
export interface SqlStandard {
  id: string; version: number; name: string; items: SqlStandardItem[]; minChecked: number; status: 'draft' | 'active' | 'retired';
  marketingSignedBy: string | null; marketingSignedAt: string | null; salesSignedBy: string | null; salesSignedAt: string | null;
  createdBy: string | null; createdAt: string; activatedAt: string | null;
}

export interface LeadForm {
  id: string; name: string; source: string; sourceType: 'active' | 'passive'; channel: string | null; campaign: string | null;
  productLine: string | null; fields: string[]; title: string | null; successMessage: string | null; locale: 'zh-CN' | 'en'; isEnabled: boolean; version: number;
  publicToken: string; path: string; submissions?: number; submissionCount?: number; createdAt: string;
}

export interface ClaimRules { dailyLimit: number | null; coolDownDays: number | null }
export interface RecycleThresholds { notFollowedUpDays: number | null; notWonDays: number | null; notFirstTouchedDays: number | null }
export interface RecycleRules extends RecycleThresholds {
  excludeWon: boolean; excludeLocked: boolean; excludeWithOpenDeal: boolean; warnDaysAhead: number;
  tierOverrides?: Partial<Record<Tier, Partial<RecycleThresholds>>>;
}
export interface Pool {
  id: string; name: string; description: string | null; claimRules: ClaimRules; recycleRules: RecycleRules;
  holdingLimit: number | null; isDefault: boolean; version: number; leadCount?: number; memberCount?: number;
  myRole?: 'member' | 'admin' | null; canManage?: boolean;
}
export interface PoolMember { userId: string; role: 'member' | 'admin'; name: string; email: string; status: string }

export type RoutingField = 'province' | 'region' | 'industry' | 'tier' | 'sourceType' | 'productLine';
export type RoutingStrategy = 'round_robin' | 'weighted' | 'least_loaded';
export interface RoutingCondition { field: RoutingField; in: string[] }
export type RoutingTarget =
  | { kind: 'team'; repIds: string[]; strategy: RoutingStrategy; overflowPoolId?: string | null }
  | { kind: 'pool'; poolId: string };
export interface RoutingRule {
  id: string; position: number; name: string; nameEn: string | null; isEnabled: boolean; conditions: RoutingCondition[];
  target: RoutingTarget; version: number;
  reps: { id: string; name: string | null; isActive: boolean }[];
  pool: { id: string; name: string | null; isDeleted: boolean } | null;
  assignedCounts: { repId: string; name: string | null; assigned: number; isInTeam: boolean }[];
}
export interface RoutePreview {
  rule: { id: string; name: string; nameEn: string | null; position: number } | null;
  target: { kind: 'rep' | 'pool' | 'unrouted'; repId: string | null; repName: string | null; poolId: string | null; poolName: string | null };
  reason: { zh: string; en: string };
}

export type FitCondition =
  | { field: 'industry' | 'employeeSize' | 'province' | 'sourceType'; in: string[] }
  | { field: 'title'; pattern?: string; keywords?: string[] };
export interface ScoringDefinition {
  name: string; halfLifeDays: number; fitCap: number; engagementCap: number; tierThresholds: { A: number; B: number; C: number };
  mqlThreshold: number; fitRules: { id: string; when: FitCondition; points: number }[];
  engagementRules: { touchType: string; points: number; label: string; labelEn: string }[];
}
export interface ScoringModelRow {
  id: string; version: number; name: string; status: 'draft' | 'active' | 'retired'; definition: ScoringDefinition; revision: string;
  createdAt: string | null; activatedAt: string | null; isDefault: boolean;
}
export interface RescoreStatus {
  job: null | { id: string; status: string; progress: { done?: number; total?: number } | null; createdAt: string; startedAt: string | null; finishedAt: string | null; error: string | null };
}

export interface LeadSettings {
  slaPolicy: { firstTouchHours: Record<Tier, number | null>; warningHours: number };
  conflictProtectionDays: number; defaultCapacity: number; /** The workspace's, read only here. */ timeZone: string; version: number;
}
export interface RepSetting {
  userId: string; name: string; email: string; capacity: number; weight: number; isAvailable: boolean;
  /** Leave start (null = at once) and end (null = until switched back); both null while available. */
  unavailableFrom: string | null; unavailableUntil: string | null; isAvailableNow: boolean; held: number; isDefault: boolean;
}

export interface Webhook {
  id: string; name: string; url: string; format: 'json' | 'wecom' | 'dingtalk' | 'feishu'; events: string[];
  hasSecret?: boolean; isEnabled: boolean; version: number; createdAt: string;
}

export interface LeadReport {
  weeks: string[];
  /** The instant each week begins in the workspace's time zone, and the next week after the last. */
  weekBounds: string[];
  /** Leads created each week as another's repeat, not counted in the charts. */
  repeats: number[];
  bySourceType: { active: number[]; passive: number[] };
  byChannel: { channel: string; counts: number[] }[];
  /** The channels beyond the nine busiest, summed; null when there are ten or fewer. */
  otherChannels: { channels: number; counts: number[] } | null;
  mqlToSql: { mql: number[]; sql: number[]; rate: (number | null)[] };
  sqlToAccepted: { sql: number[]; accepted: number[]; rate: (number | null)[] };
  slaCompliance: { met: number[]; breached: number[]; rate: (number | null)[] };
  rejectionReasons: { reason: string; count: number }[];
  /** Scoring models activated in the window, by the week (Monday) they took effect. */
  modelChanges: { week: string; version: number; name: string; mqlThreshold: number }[];
}
