import type { AppDeps } from '../../deps.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { listCustomFieldDefs } from '../custom-fields/index.js';
import { exportRows, type ExportColumn } from '../imports/index.js';
import { listAccountsPage, type AccountListQuery } from './accounts.service.js';
import type { AccountView } from './accounts.repository.js';
import { EMPLOYEE_SIZES, INDUSTRIES, LEVELS, LIFECYCLE_STAGES, SEGMENTS, SOURCES, type DictEntry } from '../../../shared/dictionaries.js';

// Exported files carry labels people read (制造业), which import maps back to keys.
const LABELLED: Record<string, DictEntry[]> = {
  industry: INDUSTRIES, employeeSize: EMPLOYEE_SIZES, level: LEVELS, segment: SEGMENTS, lifecycleStage: LIFECYCLE_STAGES, source: SOURCES,
};
const label = (field: string, key: unknown) => LABELLED[field]?.find((e) => e.key === key)?.zh ?? key;

const COLUMNS: ExportColumn[] = [
  { key: 'name', header: '客户名称' }, { key: 'creditCode', header: '统一社会信用代码' }, { key: 'industry', header: '所属行业' },
  { key: 'employeeSize', header: '人员规模' }, { key: 'annualRevenue', header: '年营业额' }, { key: 'province', header: '省份' },
  { key: 'city', header: '城市' }, { key: 'website', header: '官网' }, { key: 'level', header: '客户级别' }, { key: 'segment', header: '客户分层' },
  { key: 'lifecycleStage', header: '生命周期阶段' }, { key: 'source', header: '客户来源' }, { key: 'ownerName', header: '负责人' },
  { key: 'csOwnerName', header: '客户成功负责人' }, { key: 'tags', header: '标签' }, { key: 'parentName', header: '上级公司' },
  { key: 'notes', header: '备注' }, { key: 'needs', header: '需求' }, { key: 'createdAt', header: '创建时间' }, { key: 'updatedAt', header: '更新时间' },
];

/** Every account matching the list filters, page by page, as the actor sees them (hidden fields stay hidden). */
async function* accountsFor(deps: AppDeps, actor: Actor, q: AccountListQuery): AsyncGenerator<AccountView> {
  let cursor: string | undefined;
  do {
    const page = await listAccountsPage(deps, actor, { ...q, limit: 200, cursor, withTotal: false });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function exportAccounts(deps: AppDeps, actor: Actor, q: AccountListQuery, format: 'csv' | 'xlsx') {
  requirePermission(actor, 'accounts.export');
  const defs = await listCustomFieldDefs(deps.db, actor.tenantId, 'account');
  const columns = [...COLUMNS, ...defs.map((d) => ({ key: `custom.${d.key}`, header: d.label }))];
  async function* rows() {
    for await (const a of accountsFor(deps, actor, q)) {
      const flat: Record<string, unknown> = { ...a, tags: a.tags.join(',') };
      for (const field of Object.keys(LABELLED)) flat[field] = label(field, flat[field]);
      for (const d of defs) {
        const v = a.custom[d.key];
        flat[`custom.${d.key}`] = Array.isArray(v) ? v.join(',') : v;
      }
      yield flat;
    }
  }
  return exportRows(format, columns, rows());
}
