import { List, Tag } from 'antd';
import { CheckCircleTwoTone, MinusCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/feedback';
import { useSqlStandards } from './lead-api';
import { formatDateTime } from './lead-format';
import type { LeadDetail } from './lead-types';

/** SQL 检查单: what marketing confirmed when it handed the lead over, item by item with notes. */
export function LeadChecklistTab({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const standards = useSqlStandards();
  const answers = lead.sqlChecklist ?? {};
  if (!lead.handedOverAt || !Object.keys(answers).length) return <EmptyState description={t('leads.checklist.empty')} />;
  const items = standards.data?.items.flatMap((s) => s.items) ?? [];
  const labelOf = (key: string) => {
    const item = items.find((i) => i.key === key);
    return item ? (i18n.language === 'en' ? item.labelEn : item.label) : key;
  };
  return (
    <div style={{ paddingTop: 8 }}>
      <div className="baton-muted" style={{ marginBottom: 8 }}>{t('leads.checklist.handedOverAt', { at: formatDateTime(lead.handedOverAt) })}
        {lead.acceptedAt && <Tag color="green" style={{ marginInlineStart: 8 }}>{t('leads.checklist.acceptedAt', { at: formatDateTime(lead.acceptedAt) })}</Tag>}
      </div>
      <List
        size="small"
        bordered
        dataSource={Object.entries(answers)}
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
