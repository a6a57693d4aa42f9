import { useState } from 'react';
import { Alert, Checkbox, Input, Modal, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorAlert, PageLoading } from '../../ui/feedback';
import { useSqlStandards } from './lead-api';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';

type Answers = Record<string, { checked: boolean; note?: string }>;
interface Missing { key: string; label: string; labelEn: string }

/** 移交销售: the active SQL standard's checklist, each item checked with an optional note. */
export function HandOverModal({ lead, open, onClose }: { lead: LeadDetail; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const standards = useSqlStandards();
  const action = useLeadAction(lead.id);
  const [answers, setAnswers] = useState<Answers>(lead.sqlChecklist ?? {});
  const [missing, setMissing] = useState<Missing[]>([]);
  const [noStandard, setNoStandard] = useState(false);
  const active = standards.data?.items.find((s) => s.status === 'active');

  const set = (key: string, patch: Partial<{ checked: boolean; note: string }>) =>
    setAnswers((a) => ({ ...a, [key]: { ...(a[key] ?? { checked: false }), ...patch } }));

  const submit = async () => {
    if (!active) return;
    const checklist = Object.fromEntries(active.items.map((i) => [i.key, { checked: !!answers[i.key]?.checked, ...(answers[i.key]?.note ? { note: answers[i.key]!.note } : {}) }]));
    const res = await action.run('hand-over', { checklist, version: lead.version }, {
      success: t('leads.handOver.done'), expected: ['SQL_CHECKLIST_INCOMPLETE', 'SQL_STANDARD_MISSING'],
    });
    if (res.ok) return onClose();
    if (isApiError(res.error, 'SQL_CHECKLIST_INCOMPLETE')) setMissing((res.error.details as { missing: Missing[] }).missing ?? []);
    if (isApiError(res.error, 'SQL_STANDARD_MISSING')) setNoStandard(true);
  };
  const missingKeys = new Set(missing.map((m) => m.key));

  return (
    <Modal
      open={open}
      title={t('leads.actions.handOver')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('leads.handOver.submit')}
      okButtonProps={{ disabled: !active, 'data-testid': 'handover-save' } as never}
      confirmLoading={action.pending}
      width={620}
      destroyOnHidden
    >
      {standards.isLoading && <PageLoading />}
      {standards.isError && <ErrorAlert error={standards.error} />}
      {standards.data && (!active || noStandard) && (
        <Alert type="warning" showIcon title={t('leads.handOver.noStandard')} description={<Link to="/lead-rules/sql">{t('leads.handOver.goToStandard')}</Link>} />
      )}
      {active && (
        <>
          <Typography.Paragraph type="secondary">
            {t('leads.handOver.hint', { name: active.name, version: active.version, min: active.minChecked })}
          </Typography.Paragraph>
          {missing.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="handover-missing"
              title={t('leads.handOver.missing')}
              description={missing.map((m) => (en ? m.labelEn : m.label)).join(t('common.listSep'))}
            />
          )}
          <Space orientation="vertical" style={{ width: '100%' }} size={12}>
            {active.items.map((item) => (
              <div key={item.key} style={{ border: `1px solid ${missingKeys.has(item.key) ? '#ff4d4f' : '#eef0f3'}`, borderRadius: 6, padding: '8px 12px' }}>
                <Checkbox
                  checked={!!answers[item.key]?.checked}
                  onChange={(e) => set(item.key, { checked: e.target.checked })}
                  data-testid={`handover-item-${item.key}`}
                >
                  {en ? item.labelEn : item.label} {item.required && <Tag color="red" style={{ marginInlineStart: 4 }}>{t('leads.handOver.required')}</Tag>}
                </Checkbox>
                {item.hint && <div className="baton-muted" style={{ fontSize: 12, marginTop: 2 }}>{item.hint}</div>}
                <Input
                  size="small"
                  style={{ marginTop: 6 }}
                  placeholder={t('leads.handOver.notePlaceholder')}
                  value={answers[item.key]?.note ?? ''}
                  maxLength={1000}
                  onChange={(e) => set(item.key, { note: e.target.value })}
                />
              </div>
            ))}
          </Space>
        </>
      )}
    </Modal>
  );
}
