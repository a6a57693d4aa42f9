import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCE_LABELS, LEAD_SOURCE_TYPES, TOUCH_TYPES } from '../../../../shared/dictionaries';
import { api } from '../../../api/client';
import { bilingualSearch, useDict } from '../../../ui/dict';
import { errorMessage } from '../../../ui/feedback';
import { pickText } from '../lead-format';

interface Result { total: number; tier: string; isMql: boolean; explanationText: { zh: string; en: string } }

/** Scores a sample lead with the selected version without saving anything. */
export function ScorePreviewPanel({ modelId }: { modelId: string }) {
  const { t } = useTranslation();
  const dict = useDict();
  const [form] = Form.useForm();
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    const v = form.getFieldsValue();
    const lead = Object.fromEntries(['industry', 'employeeSize', 'province', 'title', 'sourceType'].filter((k) => v[k]).map((k) => [k, v[k]]));
    const touches = (v.touches ?? []).filter((x: { type?: string }) => x?.type)
      .map((x: { type: string; daysAgo?: number }) => ({ type: x.type, occurredAt: dayjs().subtract(x.daysAgo ?? 0, 'day').toISOString() }));
    setError(null);
    try {
      setResult(await api.post<Result>(`/scoring-models/${modelId}/preview`, { lead, touches }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Card size="small" title={t('leadRules.scoring.preview')}>
      <Form form={form} layout="vertical" size="small" initialValues={{ touches: [{ type: 'content_downloaded', daysAgo: 3 }] }}>
        <Form.Item name="industry" label={t('leads.fields.industry')}><Select allowClear showSearch={{ optionFilterProp: 'label' }} options={dict.options(INDUSTRIES)} /></Form.Item>
        <Form.Item name="employeeSize" label={t('leads.fields.employeeSize')}><Select allowClear options={dict.options(EMPLOYEE_SIZES)} /></Form.Item>
        <Form.Item name="province" label={t('leads.fields.province')}><Select allowClear showSearch={bilingualSearch} options={dict.options(PROVINCE_LABELS)} /></Form.Item>
        <Form.Item name="title" label={t('leads.fields.title')}><Input /></Form.Item>
        <Form.Item name="sourceType" label={t('leads.fields.sourceType')}><Select allowClear options={dict.options(LEAD_SOURCE_TYPES)} /></Form.Item>
        <Form.List name="touches">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={6} key={f.key}>
                  <Col span={13}><Form.Item name={[f.name, 'type']}><Select options={TOUCH_TYPES.map((x) => ({ value: x, label: t(`leads.touchTypes.${x}`) }))} /></Form.Item></Col>
                  <Col span={8}><Form.Item name={[f.name, 'daysAgo']}><InputNumber min={0} max={3650} suffix={t('leadRules.scoring.daysAgoShort')} style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={3}><Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} /></Col>
                </Row>
              ))}
              <Button size="small" type="dashed" block icon={<PlusOutlined />} onClick={() => add({ type: 'site_visit', daysAgo: 0 })} style={{ marginBottom: 12 }}>{t('leadRules.scoring.addTouch')}</Button>
            </>
          )}
        </Form.List>
        <Button type="primary" block onClick={() => void run()} data-testid="score-preview">{t('leadRules.scoring.runPreview')}</Button>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
      {result && (
        <Alert type="success" style={{ marginTop: 12 }} data-testid="score-preview-result"
          title={t('leadRules.scoring.previewResult', { total: result.total, tier: result.tier, mql: result.isMql ? 'MQL' : '—' })}
          description={pickText(result.explanationText, dict.lang)} />
      )}
    </Card>
  );
}
