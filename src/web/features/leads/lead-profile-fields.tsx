// The lead's profile fields as form items, shared by the new-lead drawer and the profile tab.
import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCE_LABELS } from '../../../shared/dictionaries';
import { leadProfileFields } from '../../../shared/lead-contracts';
import { bilingualSearch, useDict } from '../../ui/dict';
import { zodRule } from '../../ui/zod-rule';

export const PROFILE_KEYS = [
  'name', 'company', 'title', 'mobile', 'email', 'wechat', 'industry', 'employeeSize', 'province', 'city', 'productLine', 'notes',
] as const;

/** A form item whose rules come from the shared zod contract. */
export function LeadItem({ name, required, span = 12, children }: { name: string; required?: boolean; span?: number; children: React.ReactNode }) {
  const { t } = useTranslation();
  const label = t(`leads.fields.${name}`);
  const schema = (leadProfileFields as Record<string, unknown>)[name];
  return (
    <Col span={span}>
      <Form.Item
        name={name}
        label={label}
        validateFirst
        rules={[
          ...(required ? [{ required: true, whitespace: true, message: t('validation.required', { label }) }] : []),
          ...(schema ? [zodRule(schema as never)] : []),
        ]}
      >
        {children}
      </Form.Item>
    </Col>
  );
}

export function LeadProfileFields({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const dict = useDict();
  const select = (options: { value: string; label: string }[]) => (
    <Select allowClear disabled={disabled} options={options} showSearch={bilingualSearch} placeholder={t('common.pleaseSelect')} />
  );
  return (
    <>
      {/* Said before the fields, not under them, where it ran into the email field's error. */}
      <div className="baton-muted" style={{ margin: '0 0 8px', fontSize: 12 }}>{t('leads.reachableHint')}</div>
      <Row gutter={16}>
        <LeadItem name="name" required><Input disabled={disabled} maxLength={100} data-testid="lead-name" /></LeadItem>
        <LeadItem name="company"><Input disabled={disabled} maxLength={200} data-testid="lead-company" /></LeadItem>
        <LeadItem name="title"><Input disabled={disabled} maxLength={100} /></LeadItem>
        <LeadItem name="mobile"><Input disabled={disabled} maxLength={40} placeholder="138 0013 8000" data-testid="lead-mobile" /></LeadItem>
        <LeadItem name="email"><Input disabled={disabled} maxLength={200} data-testid="lead-email" /></LeadItem>
        <LeadItem name="wechat"><Input disabled={disabled} maxLength={100} /></LeadItem>
      </Row>
      <Row gutter={16}>
        <LeadItem name="industry">{select(dict.options(INDUSTRIES))}</LeadItem>
        <LeadItem name="employeeSize">{select(dict.options(EMPLOYEE_SIZES))}</LeadItem>
        <LeadItem name="province">{select(dict.options(PROVINCE_LABELS))}</LeadItem>
        <LeadItem name="city"><Input disabled={disabled} maxLength={50} /></LeadItem>
        <LeadItem name="productLine"><Input disabled={disabled} maxLength={50} /></LeadItem>
        <LeadItem name="notes" span={24}><Input.TextArea disabled={disabled} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} /></LeadItem>
      </Row>
    </>
  );
}
