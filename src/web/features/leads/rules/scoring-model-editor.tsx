import { useRef, useState } from 'react';
import { App, Alert, Button, Col, Form, Input, InputNumber, Row, Select, Tooltip, Typography } from 'antd';
import type { FormRule } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EMPLOYEE_SIZES, INDUSTRIES, PROVINCE_LABELS, LEAD_SOURCE_TYPES, TOUCH_TYPES } from '../../../../shared/dictionaries';
import { api, isApiError } from '../../../api/client';
import { bilingualSearch, useDict } from '../../../ui/dict';
import { errorMessage } from '../../../ui/feedback';
import { pickText } from '../lead-format';
import type { ScoringDefinition, ScoringModelRow } from '../lead-types';
import { rangeRule, validFields } from '../../../ui/forms';

const FIT_FIELDS = ['industry', 'employeeSize', 'province', 'sourceType', 'title'] as const;

/** onEdited: the form now differs from the saved model (the tab then asks before activating or switching versions). */
interface Props { model: ScoringModelRow; editable: boolean; onSaved: () => void; onEdited?: () => void }

/** The model's definition: fit rules, engagement points, half-life, caps, tier thresholds, MQL threshold. */
export function ScoringModelEditor({ model, editable, onSaved, onEdited }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const dict = useDict();
  const [form] = Form.useForm<ScoringDefinition>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const problemsRef = useRef<HTMLDivElement>(null);
  const fitRules = (Form.useWatch('fitRules', form) ?? model.definition.fitRules) as ScoringDefinition['fitRules'];
  const engagementRules = (Form.useWatch('engagementRules', form) ?? model.definition.engagementRules) as ScoringDefinition['engagementRules'];
  // A new engagement row starts on a touch type the model does not score yet, named as the app names it.
  const unscoredTouch = TOUCH_TYPES.find((x) => !engagementRules?.some((r) => r?.touchType === x));
  const newEngagementRow = (touchType: string) => ({
    touchType, points: 5,
    label: i18n.getFixedT('zh-CN')(`leads.touchTypes.${touchType}`), labelEn: i18n.getFixedT('en')(`leads.touchTypes.${touchType}`),
  });

  const valueOptions = (field: string) => {
    if (field === 'industry') return dict.options(INDUSTRIES);
    if (field === 'employeeSize') return dict.options(EMPLOYEE_SIZES);
    if (field === 'province') return dict.options(PROVINCE_LABELS);
    if (field === 'sourceType') return dict.options(LEAD_SOURCE_TYPES);
    return [];
  };

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setProblems([]);
    try {
      await api.patch(`/scoring-models/${model.id}`, { ...v, revision: model.revision });
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      if (isApiError(e, 'SCORING_MODEL_INVALID')) setProblems((e.details as { zh: string; en: string }[]).map((p) => pickText(p, dict.lang)));
      else setProblems([errorMessage(e)]);
      // The problems are listed at the top of a long form; the save button is at its foot.
      message.error(t('leadRules.scoring.invalid'));
      problemsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    } finally {
      setSaving(false);
    }
  };

  // Out-of-range numbers get a message (rangeRule), not a silent clamp on blur.
  const n = (name: (string | number)[], label: string, min = 0, max = 100, tooltip?: string, decimal = false) => (
    <Form.Item name={name} label={label} tooltip={tooltip} rules={[{ required: true }, rangeRule(min, max, { decimal })]}><InputNumber style={{ width: '100%' }} disabled={!editable} /></Form.Item>
  );
  const tierBelow = (tier: 'A' | 'B' | 'C'): FormRule => ({ getFieldValue }) => ({
    validator: async (_, value: number | null) => {
      if (tier === 'A') return;
      const higher = tier === 'B' ? 'A' : 'B';
      const above = getFieldValue(['tierThresholds', higher]) as number | null;
      if (value != null && above != null && value >= above) throw new Error(t('leadRules.scoring.tierBelow', { tier, higher, above }));
    },
  });
  // List rows have no label of their own: messages name the column ("请填写分值"), not the field's path.
  const col = (key: string) => ({ label: t(`leadRules.scoring.${key}`) });
  return (
    <Form form={form} layout="vertical" className="baton-field-grid" initialValues={model.definition} disabled={!editable} onValuesChange={() => onEdited?.()}>
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('leadRules.scoring.readOnly')} />}
      <div ref={problemsRef}>{problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('leadRules.scoring.invalid')} description={problems.join(t('common.listSep'))} />}</div>
      {/* Short labels, the detail in their tooltips; bottom-aligned so a label that still wraps (narrow screens,
          English) sits above an input that stays in line with its neighbours. */}
      <Row gutter={12} align="bottom">
        <Col span={12}><Form.Item name="name" label={t('leadRules.scoring.name')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item></Col>
        <Col span={6}>{n(['halfLifeDays'], t('leadRules.scoring.halfLifeShort'), 0.1, 3650, t('leadRules.scoring.decayHint'), true)}</Col>
        <Col span={6}>{n(['mqlThreshold'], t('leadRules.scoring.mqlThreshold'))}</Col>
        <Col span={6}>{n(['fitCap'], t('leadRules.scoring.fitCap'))}</Col>
        <Col span={6}>{n(['engagementCap'], t('leadRules.scoring.engagementCap'))}</Col>
        <Col span={12}>
          <Form.Item label={t('leadRules.scoring.tierThresholds')} tooltip={t('leadRules.scoring.tierThresholdsHint')} required>
            <Row gutter={8}>
              {(['A', 'B', 'C'] as const).map((tier) => (
                <Col span={8} key={tier}>
                  <Form.Item
                    name={['tierThresholds', tier]}
                    // Each line below the one above it (A > B > C): the box out of order is outlined, and says so.
                    dependencies={tier === 'A' ? [] : [['tierThresholds', tier === 'B' ? 'A' : 'B']]}
                    rules={[{ required: true }, rangeRule(0, 100), tierBelow(tier)]}
                    messageVariables={{ label: t('leadRules.scoring.tierAt', { tier }) }}
                    noStyle
                  >
                    <InputNumber prefix={tier} style={{ width: '100%' }} disabled={!editable} aria-label={t('leadRules.scoring.tierAt', { tier })} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Form.Item>
        </Col>
      </Row>
      <div className="baton-section-title">{t('leadRules.scoring.fitRules')}</div>
      <Form.List name="fitRules">
        {(fields, { add, remove }) => (
          <>
            {fields.length > 0 && (
              <Row gutter={8} className="baton-muted" style={{ fontSize: 12, marginBottom: 4 }}>
                <Col span={5}>{t('leadRules.scoring.colField')}</Col><Col span={13}>{t('leadRules.scoring.colValues')}</Col><Col span={4}>{t('leadRules.scoring.colPoints')}</Col>
              </Row>
            )}
            {fields.map((f) => {
              const field = fitRules?.[f.name]?.when?.field ?? 'industry';
              return (
                <Row gutter={8} key={f.key}>
                  <Col span={5}>
                    <Form.Item name={[f.name, 'when', 'field']} rules={[{ required: true }]} messageVariables={col('colField')}>
                      {/* Another field's values mean nothing here (制造业 is not a province): they are cleared, as in routing. */}
                      <Select options={FIT_FIELDS.map((x) => ({ value: x, label: t(`leads.fields.${x}`) }))}
                        onChange={(v: string) => form.setFieldValue(['fitRules', f.name, 'when'], v === 'title' ? { field: v, keywords: [] } : { field: v, in: [] })} />
                    </Form.Item>
                  </Col>
                  <Col span={13}>
                    {field === 'title' ? (
                      <Row gutter={6}>
                        <Col span={14}>
                          <Form.Item name={[f.name, 'when', 'keywords']} messageVariables={col('colValues')}>
                            <Select mode="tags" open={false} suffixIcon={null} placeholder={t('leadRules.scoring.keywords')} />
                          </Form.Item>
                        </Col>
                        <Col span={10}>
                          <Form.Item name={[f.name, 'when', 'pattern']}><Input placeholder={t('leadRules.scoring.pattern')} /></Form.Item>
                        </Col>
                      </Row>
                    ) : (
                      <Form.Item name={[f.name, 'when', 'in']} rules={[{ required: true, type: 'array', min: 1, message: t('leadRules.routing.valuesRequired') }]}>
                        <Select mode="multiple" maxTagCount="responsive" options={valueOptions(field)} showSearch={bilingualSearch} />
                      </Form.Item>
                    )}
                  </Col>
                  <Col span={4}><Form.Item name={[f.name, 'points']} rules={[{ required: true }, rangeRule(-100, 100)]} messageVariables={col('colPoints')}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={2}>{editable && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />}</Col>
                  <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
                </Row>
              );
            })}
            {editable && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ id: `r${Date.now().toString(36)}`, when: { field: 'industry', in: [] }, points: 10 })}>{t('leadRules.scoring.addFit')}</Button>}
          </>
        )}
      </Form.List>
      <div className="baton-section-title" style={{ marginTop: 16 }}>{t('leadRules.scoring.engagementRules')}</div>
      <Form.List name="engagementRules">
        {(fields, { add, remove }) => (
          <>
            {fields.length > 0 && (
              <Row gutter={8} className="baton-muted" style={{ fontSize: 12, marginBottom: 4 }}>
                <Col span={6}>{t('leadRules.scoring.colTouch')}</Col><Col span={6}>{t('leadRules.scoring.colLabel')}</Col>
                <Col span={6}>{t('leadRules.scoring.colLabelEn')}</Col><Col span={4}>{t('leadRules.scoring.colPoints')}</Col>
              </Row>
            )}
            {fields.map((f) => (
              <Row gutter={8} key={f.key}>
                <Col span={6}><Form.Item name={[f.name, 'touchType']} rules={[{ required: true }]} messageVariables={col('colTouch')}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={TOUCH_TYPES.map((x) => ({
                    value: x, label: t(`leads.touchTypes.${x}`), disabled: engagementRules?.some((r, i) => i !== f.name && r?.touchType === x),
                  }))} />
                </Form.Item></Col>
                <Col span={6}><Form.Item name={[f.name, 'label']} rules={[{ required: true }]} messageVariables={col('colLabel')}><Input placeholder={t('leadRules.sql.label')} /></Form.Item></Col>
                <Col span={6}><Form.Item name={[f.name, 'labelEn']} rules={[{ required: true }]} messageVariables={col('colLabelEn')}><Input placeholder={t('leadRules.sql.labelEn')} /></Form.Item></Col>
                <Col span={4}><Form.Item name={[f.name, 'points']} rules={[{ required: true }, rangeRule(-100, 100)]} messageVariables={col('colPoints')}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={2}>{editable && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />}</Col>
              </Row>
            ))}
            {editable && (
              <Tooltip title={unscoredTouch ? undefined : t('leadRules.scoring.allTouchesScored')}>
                <Button type="dashed" icon={<PlusOutlined />} disabled={!unscoredTouch} onClick={() => unscoredTouch && add(newEngagementRow(unscoredTouch))}
                  data-testid="add-engagement">{t('leadRules.scoring.addEngagement')}</Button>
              </Tooltip>
            )}
          </>
        )}
      </Form.List>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>{t('leadRules.scoring.decayHint')}</Typography.Paragraph>
      {editable && <Button type="primary" loading={saving} disabled={false} onClick={() => void save()} data-testid="model-save">{t('leadRules.scoring.saveDraft')}</Button>}
    </Form>
  );
}
