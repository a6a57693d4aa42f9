// How account values read on screen: dictionary labels, money, tags, people, dates. One place for list, profile
// and timeline so the three never disagree.
import { Tag, Tooltip } from 'antd';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { formatDateTime } from '../../ui/time';
import {
  EMPLOYEE_SIZES, INDUSTRIES, LEVELS, LIFECYCLE_STAGES, PROVINCE_LABELS, SEGMENTS, SOURCES, type DictEntry,
} from '../../../shared/dictionaries';
import type { Account, CustomField } from '../../api/types';
import { dictLabel } from '../../ui/dict';

export const ACCOUNT_DICTS: Record<string, DictEntry[]> = {
  industry: INDUSTRIES,
  employeeSize: EMPLOYEE_SIZES,
  province: PROVINCE_LABELS,
  level: LEVELS,
  segment: SEGMENTS,
  lifecycleStage: LIFECYCLE_STAGES,
  source: SOURCES,
};

/** Standard account fields in display order. */
export const ACCOUNT_FIELD_KEYS = [
  'name', 'creditCode', 'industry', 'employeeSize', 'annualRevenue', 'province', 'city', 'website', 'level', 'segment',
  'lifecycleStage', 'source', 'ownerId', 'csOwnerId', 'tags', 'parentId', 'notes', 'needs',
] as const;

const LEVEL_COLORS: Record<string, string> = { A: 'red', B: 'orange', C: 'default' };
const STAGE_COLORS: Record<string, string> = {
  prospect: 'default', engaged: 'blue', opportunity: 'purple', customer: 'green', churned: 'volcano',
};
const SEGMENT_COLORS: Record<string, string> = { KA: 'gold', mid: 'cyan', SMB: 'geekblue' };

/** ¥86,000,000.00, or compact (¥8600万 / ¥86M) for dense tables. Masked values pass through as sent. */
export function formatMoney(value: unknown, lang: string, compact = false): string {
  if (value == null || value === '') return '';
  const s = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const n = Number(s);
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol',
    ...(compact ? { notation: 'compact', maximumFractionDigits: 2, minimumFractionDigits: 0 } : { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
  }).format(n);
}

export function RelativeTime({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return (
    <Tooltip title={formatDateTime(value)}>
      <span>{dayjs(value).fromNow()}</span>
    </Tooltip>
  );
}

export function DictTag({ dict, value, lang }: { dict: 'level' | 'segment' | 'lifecycleStage'; value: string | null | undefined; lang: string }) {
  if (!value) return null;
  const colors = dict === 'level' ? LEVEL_COLORS : dict === 'segment' ? SEGMENT_COLORS : STAGE_COLORS;
  return <Tag color={colors[value] ?? 'default'} style={{ marginInlineEnd: 4 }}>{dictLabel(ACCOUNT_DICTS[dict], value, lang)}</Tag>;
}

/** A custom field value as text (select options are stored as their label). */
export function formatCustomValue(field: CustomField | undefined, value: unknown): string {
  if (value == null || value === '') return '';
  if (Array.isArray(value)) return value.join('、');
  if (field?.type === 'number' && typeof value === 'number') return value.toLocaleString();
  return String(value);
}

/** Plain text of a standard field value, used in the timeline and merge comparison. */
export function accountValueText(field: string, value: unknown, lang: string): string {
  if (value == null || value === '') return '';
  if (ACCOUNT_DICTS[field]) return dictLabel(ACCOUNT_DICTS[field], String(value), lang);
  if (field === 'annualRevenue') return formatMoney(value, lang);
  if (Array.isArray(value)) return value.join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A standard field as a cell: tags, links, dictionary labels; `dense` for table cells. */
export function renderAccountField(field: string, a: Account, lang: string, dense = false): React.ReactNode {
  switch (field) {
    case 'annualRevenue': {
      if (!dense || a.annualRevenue == null) return formatMoney(a.annualRevenue, lang);
      return <Tooltip title={formatMoney(a.annualRevenue, lang)}><span>{formatMoney(a.annualRevenue, lang, true)}</span></Tooltip>;
    }
    case 'level':
    case 'segment':
    case 'lifecycleStage':
      return <DictTag dict={field} value={a[field]} lang={lang} />;
    case 'ownerId':
      return a.ownerName ?? '';
    case 'csOwnerId':
      return a.csOwnerName ?? '';
    case 'parentId':
      return a.parentId ? <Link to={`/accounts/${a.parentId}`}>{a.parentName ?? a.parentId}</Link> : '';
    case 'tags':
      return (a.tags ?? []).map((t) => <Tag key={t} style={{ marginInlineEnd: 4 }}>{t}</Tag>);
    case 'industry': {
      const text = accountValueText(field, a.industry, lang);
      return <span className="baton-ellipsis" title={text}>{text}</span>;
    }
    case 'website': {
      if (!a.website) return '';
      const href = /^https?:\/\//i.test(a.website) ? a.website : `https://${a.website}`;
      return a.website.includes('*') ? a.website : <a href={href} target="_blank" rel="noreferrer">{a.website}</a>;
    }
    case 'createdAt':
    case 'updatedAt':
      return formatDateTime(a[field]);
    default:
      return accountValueText(field, (a as unknown as Record<string, unknown>)[field], lang);
  }
}
