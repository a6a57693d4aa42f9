import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { INDUSTRIES, PROVINCE_LABELS, LEAD_SOURCE_TYPES } from '../../../../shared/dictionaries';
import { api } from '../../../api/client';
import { bilingualSearch, useDict } from '../../../ui/dict';
import { errorMessage } from '../../../ui/feedback';
import { pickText, TIERS } from '../lead-format';
import type { RoutePreview } from '../lead-types';

/** 预览: which rule and rep a lead with these fields would get right now, and why. Nothing is saved. */
export function RoutePreviewPanel() {
  const { t, i18n } = useTranslation();
  const dict = useDict();
  const [form] = Form.useForm();
  const [result, setResult] = useState<RoutePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const run = async () => {
    setLoading(true);
    setError(null);
    try {
      const v = form.getFieldsValue();
      setResult(await api.post<RoutePreview>('/routing-rules/preview', Object.fromEntries(Object.entries(v).filter(([, x]) => x))));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  const ruleName = result?.rule && (i18n.language === 'en' && result.rule.nameEn ? result.rule.nameEn : result.rule.name);
  const outcome = !result ? '' : result.target.kind === 'unrouted'
    ? t('leadRules.routing.previewUnrouted')
    : t('leadRules.routing.previewResult', {
      who: result.target.kind === 'rep' ? result.target.repName : t('leadRules.routing.previewPool', { pool: result.target.poolName }), rule: ruleName ?? '—',
    });

  return (
    <Card size="small" title={t('leadRules.routing.preview')}>
      <Form form={form} layout="vertical" size="small">
        <Form.Item name="province" label={t('leads.fields.province')}><Select allowClear showSearch={bilingualSearch} options={dict.options(PROVINCE_LABELS)} /></Form.Item>
        <Form.Item name="industry" label={t('leads.fields.industry')}><Select allowClear showSearch={{ optionFilterProp: 'label' }} options={dict.options(INDUSTRIES)} /></Form.Item>
        <Form.Item name="tier" label={t('leads.fields.tier')}><Select allowClear options={TIERS.map((x) => ({ value: x, label: x }))} /></Form.Item>
        <Form.Item name="sourceType" label={t('leads.fields.sourceType')}><Select allowClear options={dict.options(LEAD_SOURCE_TYPES)} /></Form.Item>
        <Form.Item name="productLine" label={t('leads.fields.productLine')}><Input /></Form.Item>
        <Button type="primary" block loading={loading} onClick={() => void run()} data-testid="route-preview">{t('leadRules.routing.runPreview')}</Button>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
      {result && (
        <Alert
          type={result.target.kind === 'unrouted' ? 'warning' : 'success'}
          style={{ marginTop: 12 }}
          data-testid="route-preview-result"
          title={outcome}
          description={pickText(result.reason, i18n.language)}
        />
      )}
    </Card>
  );
}
