import { useState } from 'react';
import { App, Alert, Button, Checkbox, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES, LEAD_SOURCE_TYPES } from '../../../shared/dictionaries';
import { CreateLeadInput } from '../../../shared/lead-contracts';
import { api, isApiError, type ApiError } from '../../api/client';
import { localizeMessage } from '../../i18n';
import { useDict } from '../../ui/dict';
import { errorMessage } from '../../ui/feedback';
import { issueMessage } from '../../ui/zod-rule';
import { leadKeys } from './lead-api';
import { LeadDuplicateAlert } from './lead-duplicate-alert';
import { sourceText } from './lead-format';
import { LeadProfileFields } from './lead-profile-fields';
import type { LeadMatch } from './lead-types';
import { useGuardedClose, validFields } from '../../ui/forms';
import { hasPermission, useSession } from '../auth/session';

/** onSaved: the new lead's id, or null when the rules gave it to someone whose leads this user cannot open. */
interface Props { open: boolean; onClose: () => void; onSaved: (id: string | null) => void }
type Values = Record<string, unknown>;

/** 新建线索: the shared contract validates; a 查重 refusal offers merge or create-and-link. */
export function LeadFormDrawer(props: Props) {
  return props.open ? <LeadForm {...props} /> : null;
}

function LeadForm({ open, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const dict = useDict();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const close = useGuardedClose(form, onClose);
  const me = useSession();
  // A rep who enters a lead by hand found it and keeps it unless they untick the box; marketing's go by the rules.
  const worksLeads = hasPermission(me, 'leads.accept') || hasPermission(me, 'pools.claim');
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [matches, setMatches] = useState<LeadMatch[] | null>(null);
  const source = Form.useWatch('source', form) as string | undefined;
  const impliedType = LEAD_SOURCES.find((s) => s.key === source)?.sourceType;

  const applyServerErrors = (e: ApiError) => {
    const issues = e.fieldIssues;
    form.setFields(issues.filter((i) => i.path).map((i) => ({ name: i.path.split('.')[0], errors: [localizeMessage(i.message)] })));
    setFormError(issues.some((i) => !i.path) || !issues.length ? e.message : null);
  };

  const save = async (onDuplicate: 'refuse' | 'merge' | 'link' = 'refuse') => {
    const values = await validFields(form);
    if (!values) return;
    const payload = { ...values, utm: {}, onDuplicate, assignToMe: !!values.assignToMe };
    const parsed = CreateLeadInput.safeParse(payload);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? 'name'), errors: [issueMessage(i)] })));
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const res = await api.post<{ outcome: string; filled?: boolean; lead: { id: string; ownerId: string | null; ownerName: string | null; poolName: string | null } }>('/leads', payload);
      void queryClient.invalidateQueries({ queryKey: leadKeys.all });
      // Routed to someone else, the lead may be out of this user's sight (a rep sees their own): say where it went instead.
      const elsewhere = res.lead.ownerId !== me.user.id && me.dataScope !== 'all';
      if (elsewhere && res.outcome === 'created') {
        message.success(t('leads.createdFor', { who: res.lead.ownerName ?? res.lead.poolName ?? t('leads.unrouted') }), 6);
        onSaved(null);
        return;
      }
      // A merge that added nothing says so: the existing lead already had all of it.
      if (res.outcome === 'merged' && res.filled === false) message.info(t('leads.outcomes.mergedNothing'), 6);
      else message.success(t(`leads.outcomes.${res.outcome}`, { defaultValue: t('leads.created') }));
      onSaved(res.lead.id);
    } catch (e) {
      if (isApiError(e, 'LEAD_DUPLICATE') || isApiError(e, 'LEAD_MERGE_NOT_ALLOWED')) setMatches((e.details as { matches: LeadMatch[] }).matches ?? []);
      else if (isApiError(e, 'VALIDATION_FAILED')) applyServerErrors(e);
      else setFormError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={t('leads.new')}
      open={open}
      onClose={close}
      size={720}
      destroyOnHidden
      data-testid="lead-form"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="lead-save">{t('common.save')}</Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      {matches && <LeadDuplicateAlert matches={matches} saving={saving} onMerge={() => void save('merge')} onLink={() => void save('link')} />}
      <Form
        form={form}
        layout="vertical"
        className="baton-field-grid"
        initialValues={{ source: 'consultation', assignToMe: worksLeads }}
        onValuesChange={(changed) => {
          if (matches && ('mobile' in changed || 'email' in changed || 'company' in changed)) setMatches(null);
        }}
      >
        <div className="baton-section-title">{t('leads.sections.contact')}</div>
        <LeadProfileFields />
        <div className="baton-section-title">{t('leads.sections.source')}</div>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="source" label={t('leads.fields.source')} rules={[{ required: true, message: t('validation.required', { label: t('leads.fields.source') }) }]}>
              <Select options={LEAD_SOURCES.map((s) => ({ value: s.key, label: sourceText(s.sourceType, s.key, dict.lang) }))} data-testid="lead-source" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sourceType" label={t('leads.fields.sourceType')} extra={impliedType ? t('leads.sourceTypeImplied', { type: dict.label(LEAD_SOURCE_TYPES, impliedType) }) : undefined}>
              <Select allowClear options={dict.options(LEAD_SOURCE_TYPES)} placeholder={t('leads.sourceTypeAuto')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label={t('leads.fields.channel')}><Input maxLength={100} placeholder={t('leads.channelPlaceholder')} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="campaign" label={t('leads.fields.campaign')}><Input maxLength={200} /></Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="assignToMe" valuePropName="checked">
              <Checkbox>{t('leads.assignToMe')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
