import { useState } from 'react';
import { App, Alert, Button, Col, Descriptions, Form, Input, Row, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OPEN_LEAD_STATUSES } from '../../../shared/lead-statuses';
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCE_LABELS, REGION_LABELS, REJECTION_REASONS } from '../../../shared/dictionaries';
import { api, isApiError } from '../../api/client';
import { localizeMessage } from '../../i18n';
import { useDict } from '../../ui/dict';
import { errorMessage } from '../../ui/feedback';
import { leadKeys } from './lead-api';
import { pickText, sourceText } from './lead-format';
import { formatDateTime } from '../../ui/time';
import { LeadProfileFields, PROFILE_KEYS } from './lead-profile-fields';
import type { LeadDetail } from './lead-types';

type Values = Record<string, unknown>;

const blank = (v: unknown) => v == null || v === '';

/** 资料: the profile, editable while the lead is open; saves only what changed, at the version shown. */
export function LeadProfileTab({ lead, canEdit }: { lead: LeadDetail; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dict = useDict();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const editable = canEdit && OPEN_LEAD_STATUSES.includes(lead.status);

  const save = async () => {
    let values: Values;
    try { values = await form.validateFields(); } catch { return; }
    const changed: Values = { channel: values.channel ?? null, campaign: values.campaign ?? null };
    for (const k of PROFILE_KEYS) changed[k] = values[k] ?? null;
    const patch = Object.fromEntries(Object.entries(changed).filter(([k, v]) => !(blank(v) && blank((lead as never)[k])) && v !== (lead as never)[k]));
    if (!Object.keys(patch).length) { setEditing(false); return; }
    setSaving(true);
    setError(null);
    try {
      const saved = await api.patch<LeadDetail>(`/leads/${lead.id}`, { ...patch, version: lead.version });
      queryClient.setQueryData(leadKeys.detail(lead.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['leads', 'list'] });
      message.success(t('leads.updated'));
      setEditing(false);
    } catch (e) {
      if (isApiError(e, 'VERSION_CONFLICT')) setConflict(true);
      else if (isApiError(e, 'VALIDATION_FAILED')) {
        form.setFields(e.fieldIssues.map((i) => ({ name: i.path.split('.')[0], errors: [localizeMessage(i.message)] })));
        setError(e.message);
      } else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: leadKeys.detail(lead.id) });
    setConflict(false);
    setEditing(false);
    message.info(t('leads.reloaded'));
  };

  if (editing) {
    return (
      <div style={{ maxWidth: 760, paddingTop: 8 }}>
        {conflict && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('leads.versionConflict')} action={<Button size="small" onClick={() => void reload()}>{t('common.reload')}</Button>} />}
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form form={form} layout="vertical" className="baton-field-grid" initialValues={lead as never}>
          <LeadProfileFields />
          <Row gutter={16}>
            <Col span={12}><Form.Item name="channel" label={t('leads.fields.channel')}><Input maxLength={100} /></Form.Item></Col>
            <Col span={12}><Form.Item name="campaign" label={t('leads.fields.campaign')}><Input maxLength={200} /></Form.Item></Col>
          </Row>
        </Form>
        <Space>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="lead-profile-save">{t('common.save')}</Button>
          <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
        </Space>
      </div>
    );
  }

  const f = (k: string) => t(`leads.fields.${k}`);
  return (
    <div style={{ paddingTop: 8 }}>
      {editable && <Button style={{ marginBottom: 12 }} onClick={() => setEditing(true)} data-testid="lead-profile-edit">{t('common.edit')}</Button>}
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
        {(['name', 'company', 'title', 'mobile', 'email', 'wechat'] as const).map((k) => <Descriptions.Item key={k} label={f(k)}>{lead[k] ?? ''}</Descriptions.Item>)}
        <Descriptions.Item label={f('industry')}>{dict.label(INDUSTRIES, lead.industry)}</Descriptions.Item>
        <Descriptions.Item label={f('employeeSize')}>{dict.label(EMPLOYEE_SIZES, lead.employeeSize)}</Descriptions.Item>
        <Descriptions.Item label={f('province')}>{[dict.label(PROVINCE_LABELS, lead.province), lead.city].filter(Boolean).join(' ')}{lead.region ? ` · ${dict.label(REGION_LABELS, lead.region)}` : ''}</Descriptions.Item>
        <Descriptions.Item label={f('productLine')}>{lead.productLine ?? ''}</Descriptions.Item>
        <Descriptions.Item label={f('source')}>{sourceText(lead.sourceType, lead.source, lang)}</Descriptions.Item>
        <Descriptions.Item label={f('channel')}>{lead.channel ?? ''}</Descriptions.Item>
        <Descriptions.Item label={f('campaign')}>{lead.campaign ?? ''}</Descriptions.Item>
        <Descriptions.Item label="UTM">{Object.entries(lead.utm ?? {}).map(([k, v]) => `${k}=${v}`).join(' · ')}</Descriptions.Item>
        <Descriptions.Item label={f('captureMethod')}>{t(`leads.captureMethods.${lead.captureMethod}`, { defaultValue: lead.captureMethod })}</Descriptions.Item>
        <Descriptions.Item label={f('createdAt')}>{formatDateTime(lead.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={f('assignmentReason')} span={3}>{pickText(lead.assignmentReason, lang)}</Descriptions.Item>
        {lead.rejectionReason && <Descriptions.Item label={t('leads.rejectReason')} span={3}>{dict.label(REJECTION_REASONS, lead.rejectionReason)}{lead.rejectionNote ? ` · ${lead.rejectionNote}` : ''}</Descriptions.Item>}
        {lead.invalidReason && <Descriptions.Item label={t('leads.invalidReason')} span={3}>{lead.invalidReason}</Descriptions.Item>}
        <Descriptions.Item label={f('notes')} span={3}><span style={{ whiteSpace: 'pre-wrap' }}>{lead.notes ?? ''}</span></Descriptions.Item>
      </Descriptions>
    </div>
  );
}
