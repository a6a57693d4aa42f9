import { useState } from 'react';
import { App, Alert, Checkbox, Col, Form, Input, Modal, Row, Select, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES, LEAD_SOURCE_TYPES } from '../../../../shared/dictionaries';
import { FORM_CONTACT_FIELDS, FORM_FIELD_VISITOR_LABELS, FORM_DEFAULT_THANKS, FORM_FIELDS, FORM_LOCALES, type FormLocale } from '../../../../shared/lead-contracts';
import { api, isApiError } from '../../../api/client';
import { localizeMessage } from '../../../i18n';
import { useDict } from '../../../ui/dict';
import { errorMessage } from '../../../ui/feedback';
import type { LeadForm } from '../lead-types';
import { useGuardedClose, validFields } from '../../../ui/forms';

const KEY = ['lead-forms'];

interface Props { form: LeadForm | null; open: boolean; onClose: () => void }

/** Create or edit a lead form: its source, channel and campaign stamp every lead it captures. */
export function LeadFormEditor({ form: record, open, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const dict = useDict();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = useGuardedClose(form, onClose);
  const locale: FormLocale = Form.useWatch('locale', form) ?? record?.locale ?? 'zh-CN';
  // Where the public page words a field for visitors differently (人员规模 → 公司规模), the editor says so, in the form's language.
  const fieldLabel = (k: (typeof FORM_FIELDS)[number]) => {
    const own = t(`leads.fields.${k}`);
    const visitor = FORM_FIELD_VISITOR_LABELS[k][locale === 'en' ? 'en' : 'zh'];
    return i18n.getFixedT(locale)(`leads.fields.${k}`) === visitor ? own : t('leadRules.forms.visitorLabel', { own, visitor });
  };

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    const body = { ...v, sourceType: v.sourceType || undefined, channel: v.channel || null, campaign: v.campaign || null, productLine: v.productLine || null, title: v.title || null, successMessage: v.successMessage || null };
    try {
      if (record) await api.patch(`/lead-forms/${record.id}`, { ...body, version: record.version });
      else await api.post('/lead-forms', body);
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: KEY });
      onClose();
    } catch (e) {
      if (isApiError(e, 'VALIDATION_FAILED')) form.setFields(e.fieldIssues.map((i) => ({ name: i.path.split('.')[0], errors: [localizeMessage(i.message)] })));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={record ? t('leadRules.forms.editTitle', { name: record.name }) : t('leadRules.forms.new')} onCancel={close} maskClosable={false}
      onOk={() => void save()} confirmLoading={saving} width={640} destroyOnHidden okButtonProps={{ 'data-testid': 'form-save' } as never}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" preserve={false}
        initialValues={record ?? { source: 'content_download', fields: ['company', 'mobile', 'email'], locale: 'zh-CN', isEnabled: true }}>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="name" label={t('leadRules.forms.name')} rules={[{ required: true, min: 2, max: 100, message: t('validation.min', { min: 2 }) }]}>
              <Input maxLength={100} data-testid="form-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="source" label={t('leads.fields.source')} rules={[{ required: true }]}>
              <Select options={LEAD_SOURCES.map((s) => ({ value: s.key, label: dict.lang === 'en' ? s.en : s.zh }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sourceType" label={t('leads.fields.sourceType')}>
              <Select allowClear options={dict.options(LEAD_SOURCE_TYPES)} placeholder={t('leads.sourceTypeAuto')} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="channel" label={t('leads.fields.channel')}><Input maxLength={100} /></Form.Item></Col>
          <Col span={8}><Form.Item name="campaign" label={t('leads.fields.campaign')}><Input maxLength={200} /></Form.Item></Col>
          <Col span={8}><Form.Item name="productLine" label={t('leads.fields.productLine')}><Input maxLength={50} /></Form.Item></Col>
          <Col span={24}>
            <Form.Item name="fields" label={t('leadRules.forms.fields')} extra={t('leadRules.forms.fieldsHint')}
              rules={[{ validator: async (_r, v: string[] = []) => { if (!v.some((k) => FORM_CONTACT_FIELDS.includes(k))) throw new Error(t('leadRules.forms.needsContact')); } }]}>
              <Checkbox.Group options={FORM_FIELDS.map((k) => ({ value: k, label: fieldLabel(k) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="locale" label={t('leadRules.forms.locale')} extra={t('leadRules.forms.localeHint')}>
              <Select options={FORM_LOCALES.map((l) => ({ value: l, label: t(`leadRules.forms.locales.${l}`) }))} style={{ maxWidth: 240 }} data-testid="form-locale" />
            </Form.Item>
            <Form.Item name="title" label={t('leadRules.forms.pageTitle')} extra={t('leadRules.forms.pageTitleHint')}><Input maxLength={100} /></Form.Item>
            <Form.Item name="successMessage" label={t('leadRules.forms.successMessage')}><Input maxLength={500} placeholder={FORM_DEFAULT_THANKS[locale]} /></Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="isEnabled" label={t('leadRules.forms.enabled')} valuePropName="checked"><Switch /></Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
