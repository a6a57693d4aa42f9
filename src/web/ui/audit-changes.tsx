import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES, FOLLOW_UP_METHODS, LEAD_SOURCE_TYPES, LEAD_SOURCES, LEAD_STATUS_LABELS, REJECTION_REASONS, RELATIONSHIP_STRENGTHS, STANCES } from '../../shared/dictionaries';
import type { AuditEntry, CustomField } from '../api/types';
import { ACCOUNT_FIELD_KEYS, accountValueText } from '../features/accounts/account-format';
import { dictLabel } from './dict';
import { customFieldLabel, useCustomFields, useUserOptions } from './queries';
import { formatDateTime } from './time';

const USER_FIELDS = new Set(['ownerId', 'csOwnerId', 'managerId', 'userId']);
// Keys and bookkeeping that mean nothing to a reader of the history.
const SILENT_FIELDS = new Set(['id', 'tenantId', 'accountId', 'contactId', 'version', 'createdAt', 'updatedAt', 'deletedAt', 'domain', 'normalizedName', 'passwordHash']);
const ORDER: string[] = [...ACCOUNT_FIELD_KEYS, 'title', 'department', 'mobile', 'email', 'wechat', 'buyingRoles', 'stance', 'isPrimary', 'userId', 'strength'];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const isStructured = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v))
  || (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null))
  || (Array.isArray(v) && v.some((x) => typeof x === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(x)));
const ACCOUNT_SIDE = new Set(['account', 'contact', 'relationship', 'import']);
/** Where an entity's field labels live, when not under fields.<entity>. */
const LABEL_PREFIXES: Record<string, string[]> = {
  lead: ['leads.fields.'], workspace: ['workspace.'], follow_up: ['leads.followUp.', 'leads.fields.'],
};

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** "字段: 旧值 → 新值" lines of one audit entry, labels and values translated. */
export function AuditChanges({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const users = useUserOptions();
  const accountCf = useCustomFields('account', true);
  const contactCf = useCustomFields('contact', true);
  if (!entry.changes) return null;
  const entity = entry.entity === 'contact' ? 'contact' : 'account';
  const cfs: CustomField[] = (entity === 'contact' ? contactCf.data : accountCf.data) ?? [];

  const userName = (id: unknown) => users.data?.find((u) => u.id === id)?.name ?? String(id);
  const text = (field: string, v: unknown): string => {
    if (v == null || v === '' || (Array.isArray(v) && v.length === 0)) return t('audit.emptyValue');
    if (USER_FIELDS.has(field)) return userName(v);
    if (field === 'buyingRoles' && Array.isArray(v)) return v.map((r) => dictLabel(BUYING_ROLES, String(r), lang)).join('、');
    if (field === 'stance') return dictLabel(STANCES, String(v), lang);
    if (field === 'source' && !ACCOUNT_SIDE.has(entry.entity)) return dictLabel(LEAD_SOURCES, String(v), lang);
    if (field === 'strength') return dictLabel(RELATIONSHIP_STRENGTHS, String(v), lang);
    // The lead side's coded values, as the lead pages name them.
    if (!ACCOUNT_SIDE.has(entry.entity)) {
      if (field === 'method') return dictLabel(FOLLOW_UP_METHODS, String(v), lang);
      if (field === 'status') return dictLabel(LEAD_STATUS_LABELS, String(v), lang);
      if (field === 'sourceType') return dictLabel(LEAD_SOURCE_TYPES, String(v), lang);
      if (field === 'rejectionReason' || (field === 'reason' && entry.action === 'reject')) return dictLabel(REJECTION_REASONS, String(v), lang);
      if (field === 'slaState') return t(`leads.sla.${String(v)}`, { defaultValue: String(v) });
      if (field === 'locale') return t(`leadRules.forms.locales.${String(v)}`, { defaultValue: String(v) });
    }
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    // A rule's structure (targets, conditions, pool rules, members) is read on its own page, not as raw JSON here.
    if (isStructured(v)) return t('audit.structured');
    // Instants (a follow-up's time, a leave's start) read in the workspace's zone like every time on screen.
    if (typeof v === 'string' && INSTANT.test(v)) return formatDateTime(v);
    return short(accountValueText(field, v, lang));
  };
  // Each entity's own labels first; account labels only for the account side (a workspace's name is not 客户名称).
  const ownKeys = (field: string) => LABEL_PREFIXES[entry.entity]?.map((p) => `${p}${field}`) ?? [`fields.${entry.entity}.${field}`];
  const label = (field: string) => {
    for (const key of [...ownKeys(field), ...(ACCOUNT_SIDE.has(entry.entity) ? [`fields.${entity}.${field}`] : []), `fields.common.${field}`]) {
      if (i18n.exists(key)) return t(key);
    }
    return field;
  };

  const lines: { key: string; label: string; from: string; to: string }[] = [];
  for (const [field, change] of Object.entries(entry.changes)) {
    if (!change || typeof change !== 'object' || SILENT_FIELDS.has(field)) continue;
    const { from, to } = change as { from: unknown; to: unknown };
    const isObj = (x: unknown) => x != null && typeof x === 'object' && !Array.isArray(x);
    if (field === 'custom' && (isObj(from) || isObj(to))) {
      const f = (from ?? {}) as Record<string, unknown>;
      const tt = (to ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(f), ...Object.keys(tt)])) {
        if (JSON.stringify(f[k]) === JSON.stringify(tt[k])) continue;
        const cf = cfs.find((c) => c.key === k);
        lines.push({ key: `custom.${k}`, label: cf ? customFieldLabel(cf, lang) : k, from: text(k, f[k]), to: text(k, tt[k]) });
      }
      continue;
    }
    const cfKey = field.startsWith('custom.') ? field.slice(7) : null;
    const cf = cfKey ? cfs.find((c) => c.key === cfKey) : undefined;
    // An id we cannot name (the parent account, say) is left out rather than shown raw.
    if (!USER_FIELDS.has(field) && [from, to].some((v) => typeof v === 'string' && UUID.test(v))) continue;
    lines.push({ key: field, label: cf ? customFieldLabel(cf, lang) : label(field), from: text(field, from), to: text(field, to) });
  }
  if (!lines.length) return null;
  lines.sort((a, b) => rank(a.key) - rank(b.key));
  // A new record has no "before": list what it was created with.
  const isCreate = entry.action === 'create';
  if (isCreate) {
    return (
      <div style={{ marginTop: 4, lineHeight: '22px' }}>
        {lines.filter((l) => l.to !== t('audit.emptyValue')).map((l, i) => (
          <span key={l.key}>
            {i > 0 && <Typography.Text type="secondary"> · </Typography.Text>}
            <Typography.Text type="secondary">{l.label} </Typography.Text>
            <Typography.Text>{l.to}</Typography.Text>
          </span>
        ))}
      </div>
    );
  }
  return (
    <div style={{ marginTop: 4 }}>
      {lines.map((l) => (
        <div key={l.key} style={{ lineHeight: '22px' }}>
          <Typography.Text type="secondary">{l.label}：</Typography.Text>
          <Typography.Text delete type="secondary">{l.from}</Typography.Text>
          <span style={{ margin: '0 6px', color: '#8f959e' }}>→</span>
          <Typography.Text>{l.to}</Typography.Text>
        </div>
      ))}
    </div>
  );
}
