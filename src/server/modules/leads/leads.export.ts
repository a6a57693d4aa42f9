// Lead export: every lead the list would show the actor, with the same filters, scope and masking, as CSV or XLSX.
// The importer's headers and labels first (so a file can be edited and imported back), then what the list adds.
import { LEAD_STATUS_LABELS } from '../../../shared/dictionaries.js';
import type { AppDeps } from '../../deps.js';
import { loadWorkspaceTimeZone, requirePermission, type Actor } from '../identity/index.js';
import { allPages, exportColumnsFor, exportRows, type ExportColumn, type ExportFormat } from '../imports/index.js';
import { listLeadsPage, type LeadListQuery } from './leads.service.js';

const statusLabels = new Map(LEAD_STATUS_LABELS.map((s) => [s.key, s.zh]));

/** What the list shows beyond the importable profile; the importer skips these columns. */
const LIST_COLUMNS: ExportColumn[] = [
  { key: 'status', header: '状态', format: (v) => (typeof v === 'string' ? statusLabels.get(v) ?? v : v) },
  { key: 'tier', header: '评级' },
  { key: 'score', header: '评分' },
  { key: 'ownerName', header: '负责人' },
  { key: 'poolName', header: '线索池' },
  { key: 'createdAt', header: '创建时间' },
];

export async function exportLeads(deps: AppDeps, actor: Actor, q: Omit<LeadListQuery, 'limit' | 'cursor'>, format: ExportFormat) {
  requirePermission(actor, 'leads.export');
  const columns = [...exportColumnsFor('lead', [], new Map()), ...LIST_COLUMNS];
  const rows = allPages((cursor) => listLeadsPage(deps, actor, { ...q, limit: 200, cursor, withTotal: false }));
  return exportRows(format, columns, rows as AsyncIterable<Record<string, unknown>>, await loadWorkspaceTimeZone(deps.db, actor.tenantId));
}
