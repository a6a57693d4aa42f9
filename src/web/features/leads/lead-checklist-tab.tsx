import { List, Tag } from 'antd';
import { CheckCircleTwoTone, MinusCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { REJECTION_REASONS } from '../../../shared/dictionaries';
import { useDict } from '../../ui/dict';
import { EmptyState } from '../../ui/feedback';
import { useSqlStandards } from './lead-api';
import { formatDateTime } from '../../ui/time';
import type { LeadDetail } from './lead-types';

/** SQL 检查单: what marketing confirmed when it handed the lead over, item by item in the standard's order, and what sales did with it. */
export function LeadChecklistTab({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const standards = useSqlStandards();
  const dict = useDict();
  const answers = lead.sqlChecklist ?? {};
  if (!lead.handedOverAt || !Object.keys(answers).length) return <EmptyState description={t('leads.checklist.empty')} />;
  const items = standards.data?.items.flatMap((s) => s.items) ?? [];
  // The standard's order (as in the hand-over dialog), then any answer the standard no longer lists.
  const order = new Map(items.map((i, k) => [i.key, k]));
  const rows = Object.entries(answers).sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const rejected = lead.rejectedAt && lead.rejectedAt >= lead.handedOverAt;
  const labelOf = (key: string) => {
    const item = items.find((i) => i.key === key);
    return item ? (i18n.language === 'en' ? item.labelEn : item.label) : key;
  };
  return (
    <div style={{ paddingTop: 8 }}>
      <div className="baton-muted" style={{ marginBottom: 8 }}>{t('leads.checklist.handedOverAt', { at: formatDateTime(lead.handedOverAt) })}
        {lead.acceptedAt && <Tag color="green" style={{ marginInlineStart: 8 }}>{t('leads.checklist.acceptedAt', { at: formatDateTime(lead.acceptedAt) })}</Tag>}
        {rejected && lead.rejectionReason && (
          <Tag color="red" style={{ marginInlineStart: 8 }} data-testid="checklist-rejected">
            {t('leads.checklist.rejectedAt', { at: formatDateTime(lead.rejectedAt!), reason: dict.label(REJECTION_REASONS, lead.rejectionReason) })}
            {lead.rejectionNote ? ` · ${lead.rejectionNote}` : ''}
          </Tag>
        )}
      </div>
      <List
        size="small"
        bordered
        dataSource={rows}
        renderItem={([key, a]) => (
          <List.Item data-testid="checklist-item">
            <span>
              {a.checked ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <MinusCircleTwoTone twoToneColor="#bfbfbf" />} {labelOf(key)}
            </span>
            {a.note && <span className="baton-muted">{a.note}</span>}
          </List.Item>
        )}
      />
    </div>
  );
}
