// Generated leads and touches as table rows, the way the app would have stored them: normalised keys, the score
// from scoreLead (default model) as its lead_scores row, the recycle check as its lead_recycle_checks row, status from the score, SLA from slaState, recycle check as the sweep
// leaves it. Streamed to COPY in chunks, so 5 million touches never sit in memory at once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeCompanyName, normalizeEmail, normalizeMobile } from '../../src/shared/normalize.js';
import { newId } from '../../src/server/db/ids.js';
import type { Database } from '../../src/server/db/client.js';
import { findRegionOfProvince } from '../../src/server/modules/leads/leads.routing.js';
import { foldLeadLoadChanges } from '../../src/server/modules/leads/leads.repository.js';
import { DEFAULT_SCORING_MODEL, scoreLead } from '../../src/server/modules/leads/leads.scoring.js';
import { DEFAULT_SLA_POLICY, slaState } from '../../src/server/modules/leads/leads.sla.js';
import { statusAfterScore } from '../../src/server/modules/leads/scoring.service.js';
import type { GeneratedLead, LeadGenerator } from '../data/leads.js';
import { rawQuery, runPsql, type BenchTarget } from './database.js';
import { toCopyCsv } from './rows.js';

export const LEAD_COPY_COLUMNS = [
  'tenant_id', 'id', 'name', 'company', 'company_norm', 'title', 'mobile', 'mobile_norm', 'email', 'email_norm', 'wechat', 'industry',
  'employee_size', 'province', 'city', 'region', 'product_line', 'source_type', 'source', 'channel', 'campaign', 'utm', 'capture_method',
  'status', 'tier', 'owner_id', 'pool_id', 'home_pool_id',
  'assigned_at', 'assignment_rule_id', 'assignment_reason', 'first_touched_at', 'last_follow_up_at', 'sla_state', 'sla_warn_at', 'sla_due_at',
  'mql_at', 'handed_over_at', 'converted_at', 'invalid_reason', 'rejection_reason', 'rejected_at',
  'created_by', 'created_at', 'updated_at',
] as const;

export const SCORE_COPY_COLUMNS = ['tenant_id', 'lead_id', 'score', 'fit_score', 'engagement_score', 'scored_at'] as const;
export const CHECK_COPY_COLUMNS = ['tenant_id', 'lead_id', 'check_at', 'warned_at'] as const;

export const TOUCH_COPY_COLUMNS = ['tenant_id', 'id', 'event_id', 'lead_id', 'type', 'label', 'occurred_at', 'created_at'] as const;

export interface LeadOwners { tenantId: string; adminId: string; repIds: string[]; poolId: string; ruleId: string; ruleName: string }

type Cell = string | number | boolean | null;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const CAPTURE_METHODS = ['form', 'form', 'api', 'import', 'manual'] as const;

export interface LeadRowFacts { row: Cell[]; scoreRow: Cell[]; checkRow: Cell[] | null; id: string; isDueToday: boolean; tier: string }

/** One lead as a leads row and its lead_scores row, plus its touches as lead_touches rows appended to `touchRows`. */
export function leadRow(o: LeadOwners, i: number, g: GeneratedLead, now: Date, touchRows: Cell[][]): LeadRowFacts {
  const id = newId();
  const score = scoreLead(DEFAULT_SCORING_MODEL, g, g.touches.map((t) => ({ type: t.type, occurredAt: t.occurredAt, label: t.label ?? undefined })), now);
  const scored = statusAfterScore('new', score);
  const ownerId = g.placement === 'owned' ? o.repIds[g.ownerSlot % o.repIds.length] : null;
  const last = g.touches[g.touches.length - 1].occurredAt;
  const status = g.outcome === 'open' ? scored : g.outcome;
  // Closed leads leave the sweep (it stops checking them); open ones keep the check the sweep last set.
  const checked = ownerId && g.recycle && (g.outcome === 'open' || g.outcome === 'sql' || g.outcome === 'returned');
  const sla = ownerId ? slaState({ tier: score.tier, assignedAt: g.assignedAt, firstTouchedAt: g.firstTouchedAt }, DEFAULT_SLA_POLICY, now) : null;
  const updated = new Date(Math.max(g.createdAt.getTime(), g.lastFollowUpAt?.getTime() ?? 0, last.getTime()));
  const reason = ownerId
    ? { zh: `命中规则「${o.ruleName}」，轮流分配`, en: `Matched rule "${o.ruleName}"; round robin` }
    : { zh: '30 天未跟进，收回公海', en: 'no follow-up for 30 days; returned to the pool' };
  const row: Cell[] = [
    o.tenantId, id, g.name, g.company, g.company ? normalizeCompanyName(g.company) : null, g.title, g.mobile, normalizeMobile(g.mobile),
    g.email, normalizeEmail(g.email), g.wechat, g.industry, g.employeeSize, g.province, g.city, findRegionOfProvince(g.province), g.productLine,
    g.sourceType, g.source, g.channel, g.campaign, JSON.stringify(g.utm), CAPTURE_METHODS[i % CAPTURE_METHODS.length],
    status, score.tier,
    ownerId, ownerId ? null : o.poolId, o.poolId, iso(g.assignedAt), ownerId ? o.ruleId : null, JSON.stringify(reason),
    iso(g.firstTouchedAt), iso(g.lastFollowUpAt), sla?.state ?? 'none', iso(sla?.warnAt ?? null), iso(sla?.deadline ?? null),
    score.isMql || status === 'sql' || status === 'converted' ? iso(g.createdAt) : null,
    status === 'sql' || status === 'converted' ? iso(updated) : null, status === 'converted' ? iso(updated) : null,
    status === 'invalid' ? '联系不上' : null, status === 'returned' ? 'timeline_far' : null, status === 'returned' ? iso(updated) : null,
    o.adminId, iso(g.createdAt), iso(updated),
  ];
  g.touches.forEach((t, k) => {
    touchRows.push([o.tenantId, newId(), `bench:${i}:${k}`, id, t.type, t.label, iso(t.occurredAt), iso(t.occurredAt)]);
  });
  const scoreRow: Cell[] = [o.tenantId, id, score.total, score.fit, score.engagement, iso(now)];
  const checkRow: Cell[] | null = checked ? [o.tenantId, id, iso(g.recycle!.checkAt), iso(g.recycle!.warnedAt)] : null;
  return { row, scoreRow, checkRow, id, isDueToday: !!(checked && g.recycle!.dueToday), tier: score.tier };
}

export interface LeadLoadFigures {
  leads: number; touches: number; generateMs: number; leadsCopyMs: number; scoresCopyMs: number; touchesCopyMs: number; analyzeMs: number; wallMs: number;
  owned: number; inPool: number; dueToday: number; recycleChecked: number; tiers: Record<string, number>;
}

async function copyChunk(database: Database, t: BenchTarget, dir: string, table: string, columns: readonly string[], csv: string): Promise<number> {
  const target = `${table}(${columns.join(',')})`;
  if (database.pglite) {
    const started = performance.now();
    await database.pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
    return performance.now() - started;
  }
  const file = path.join(dir, `${table}.csv`);
  await writeFile(file, csv);
  const started = performance.now();
  await runPsql(t.databaseUrl!, [`\\copy ${target} from '${file}' with (format csv)`]);
  return performance.now() - started;
}

/** Streams the generator's leads and touches into the tables in chunks; only COPY time counts as "copy". */
export async function loadLeads(database: Database, t: BenchTarget, o: LeadOwners, gen: LeadGenerator, log: (m: string) => void, chunk = 50_000): Promise<LeadLoadFigures> {
  const now = new Date(gen.now);
  const f: LeadLoadFigures = {
    leads: 0, touches: 0, generateMs: 0, leadsCopyMs: 0, scoresCopyMs: 0, touchesCopyMs: 0, analyzeMs: 0, wallMs: 0, owned: 0, inPool: 0, dueToday: 0, recycleChecked: 0, tiers: {},
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'baton-bench-leads-'));
  const wall = performance.now();
  try {
    for (let from = 0; from < gen.o.leads; from += chunk) {
      const started = performance.now();
      const rows: Cell[][] = [];
      const scoreRows: Cell[][] = [];
      const checkRows: Cell[][] = [];
      const touchRows: Cell[][] = [];
      for (const [i, g] of gen.leads(from, Math.min(from + chunk, gen.o.leads))) {
        const facts = leadRow(o, i, g, now, touchRows);
        rows.push(facts.row);
        scoreRows.push(facts.scoreRow);
        if (facts.checkRow) checkRows.push(facts.checkRow);
        if (g.placement === 'owned') f.owned++; else f.inPool++;
        if (facts.isDueToday) f.dueToday++;
        if (facts.checkRow) f.recycleChecked++;
        f.tiers[facts.tier] = (f.tiers[facts.tier] ?? 0) + 1;
      }
      const leadsCsv = toCopyCsv(rows);
      const scoresCsv = toCopyCsv(scoreRows);
      const checksCsv = toCopyCsv(checkRows);
      const touchesCsv = toCopyCsv(touchRows);
      f.generateMs += performance.now() - started;
      f.leadsCopyMs += await copyChunk(database, t, dir, 'leads', LEAD_COPY_COLUMNS, leadsCsv);
      f.scoresCopyMs += await copyChunk(database, t, dir, 'lead_scores', SCORE_COPY_COLUMNS, scoresCsv);
      f.scoresCopyMs += await copyChunk(database, t, dir, 'lead_recycle_checks', CHECK_COPY_COLUMNS, checksCsv);
      f.touchesCopyMs += await copyChunk(database, t, dir, 'lead_touches', TOUCH_COPY_COLUMNS, touchesCsv);
      f.leads += rows.length;
      f.touches += touchRows.length;
      if ((from / chunk) % 4 === 3 || f.leads === gen.o.leads) {
        log(`  ${f.leads.toLocaleString()} leads, ${f.touches.toLocaleString()} touches (${((performance.now() - wall) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const started = performance.now();
  // The leads trigger appended one load change per held lead; routing would fold them on the first capture, inside
  // the timed burst. A workspace that grew lead by lead has had them folded all along.
  await foldLeadLoadChanges(database.db, o.tenantId);
  // What a bulk load is followed by: statistics, and the visibility map so counts can use index-only scans.
  for (const table of ['leads', 'lead_scores', 'lead_recycle_checks', 'lead_touches', 'rep_lead_loads', 'lead_load_changes']) {
    await rawQuery(database, `vacuum analyze ${table}`, []);
  }
  // The load wrote gigabytes of WAL; without a checkpoint here the server is still working that off (with
  // max_wal_size at its default of 1 GB, checkpoints every few seconds) when the first burst is timed, and every index
  // page the burst touches after each one is logged whole. A lead table that grew over months has no such debt.
  await rawQuery(database, 'checkpoint', []);
  f.analyzeMs = performance.now() - started;
  f.wallMs = performance.now() - wall;
  return f;
}
