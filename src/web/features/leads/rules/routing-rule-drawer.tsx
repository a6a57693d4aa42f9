import { useState } from 'react';
import { App, Alert, Button, Col, Drawer, Form, Input, Radio, Row, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { INDUSTRIES, LEAD_SOURCE_TYPES, PROVINCE_LABELS, REGION_LABELS } from '../../../../shared/dictionaries';
import { api, isApiError } from '../../../api/client';
import { localizeMessage } from '../../../i18n';
import { bilingualSearch, useDict } from '../../../ui/dict';
import { errorMessage } from '../../../ui/feedback';
import { useUserOptions } from '../../../ui/queries';
import { usePools } from '../lead-api';
import { TIERS } from '../lead-format';
import type { RoutingCondition, RoutingField, RoutingRule } from '../lead-types';
import { useGuardedClose, validFields } from '../../../ui/forms';

export const ROUTING_FIELDS: RoutingField[] = ['region', 'province', 'industry', 'tier', 'sourceType', 'productLine'];
const STRATEGIES = ['round_robin', 'weighted', 'least_loaded'] as const;

/** Options for a condition's values, labelled in the current language. */
export function useFieldOptions() {
  const dict = useDict();
  return (field: RoutingField | undefined): { value: string; label: string }[] | null => {
    switch (field) {
      case 'region': return dict.options(REGION_LABELS);
      case 'province': return dict.options(PROVINCE_LABELS);
      case 'industry': return dict.options(INDUSTRIES);
      case 'tier': return TIERS.map((x) => ({ value: x, label: x }));
      case 'sourceType': return dict.options(LEAD_SOURCE_TYPES);
      default: return null;
    }
  };
}

/** "行业 ∈ 制造业、金融" for a condition. */
export function useConditionLabel() {
  const { t } = useTranslation();
  const options = useFieldOptions();
  return (c: RoutingCondition) => {
    const opts = options(c.field);
    const values = c.in.map((v) => opts?.find((o) => o.value === v)?.label ?? v);
    return `${t(`leadRules.routing.fields.${c.field}`)} ∈ ${values.join(t('leadRules.routing.or'))}`;
  };
}

type Values = { name: string; nameEn?: string; isEnabled: boolean; conditions: RoutingCondition[]; kind: 'team' | 'pool'; repIds?: string[]; strategy?: string; overflowPoolId?: string; poolId?: string };

/** Edit one routing rule: ANDed conditions and a team (with strategy and overflow pool) or a pool. */
export function RoutingRuleDrawer({ rule, onClose }: { rule: RoutingRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const users = useUserOptions();
  const pools = usePools();
  const fieldOptions = useFieldOptions();
  const [form] = Form.useForm<Values>();
  const close = useGuardedClose(form, onClose);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? (rule?.target.kind ?? 'team');
  const conditions = (Form.useWatch('conditions', form) ?? []) as RoutingCondition[];

  const initial: Values = rule ? {
    name: rule.name, nameEn: rule.nameEn ?? undefined, isEnabled: rule.isEnabled, conditions: rule.conditions, kind: rule.target.kind,
    ...(rule.target.kind === 'team'
      ? { repIds: rule.target.repIds, strategy: rule.target.strategy, overflowPoolId: rule.target.overflowPoolId ?? undefined }
      : { poolId: rule.target.poolId }),
  } : { name: '', isEnabled: true, conditions: [{ field: 'region', in: [] }], kind: 'team', strategy: 'round_robin', repIds: [] };

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    const target = v.kind === 'pool' ? { kind: 'pool', poolId: v.poolId } : { kind: 'team', repIds: v.repIds ?? [], strategy: v.strategy, overflowPoolId: v.overflowPoolId ?? null };
    const body = { name: v.name, nameEn: v.nameEn || null, isEnabled: v.isEnabled, conditions: v.conditions ?? [], target };
    setSaving(true);
    setError(null);
    try {
      if (rule) await api.patch(`/routing-rules/${rule.id}`, { ...body, version: rule.version });
      else await api.post('/routing-rules', body);
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['routing-rules'] });
      onClose();
    } catch (e) {
      if (isApiError(e, 'VALIDATION_FAILED')) form.setFields(e.fieldIssues.filter((i) => i.path).map((i) => ({ name: i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [localizeMessage(i.message)] })));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const poolOptions = (pools.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const used = new Set(conditions.map((c) => c?.field));
  return (
    <Drawer open title={rule ? t('leadRules.routing.editTitle', { name: rule.name }) : t('leadRules.routing.new')} onClose={close} size={680} destroyOnHidden
      maskClosable={false} footer={<Space style={{ display: 'flex', justifyContent: 'flex-end' }}><Button onClick={close}>{t('common.cancel')}</Button>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="rule-save">{t('common.save')}</Button></Space>}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" className="baton-field-grid" initialValues={initial}>
        <Row gutter={16}>
          <Col span={10}><Form.Item name="name" label={t('leadRules.routing.name')} rules={[{ required: true, max: 100 }]}><Input data-testid="rule-name" /></Form.Item></Col>
          <Col span={10}><Form.Item name="nameEn" label={t('leadRules.routing.nameEn')}><Input maxLength={100} /></Form.Item></Col>
          <Col span={4}><Form.Item name="isEnabled" label={t('leadRules.routing.enabled')} valuePropName="checked"><Switch /></Form.Item></Col>
        </Row>
        <div className="baton-section-title">{t('leadRules.routing.conditions')}</div>
        <Form.List name="conditions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => {
                const field = conditions[f.name]?.field;
                const opts = fieldOptions(field);
                return (
                  <Row gutter={8} key={f.key}>
                    <Col span={7}>
                      <Form.Item name={[f.name, 'field']} rules={[{ required: true }]}>
                        <Select options={ROUTING_FIELDS.map((x) => ({ value: x, label: t(`leadRules.routing.fields.${x}`), disabled: used.has(x) && x !== field }))}
                          onChange={() => form.setFieldValue(['conditions', f.name, 'in'], [])} />
                      </Form.Item>
                    </Col>
                    <Col span={15}>
                      <Form.Item name={[f.name, 'in']} rules={[{ required: true, type: 'array', min: 1, message: t('leadRules.routing.valuesRequired') }]}>
                        {opts ? <Select mode="multiple" options={opts} showSearch={bilingualSearch} maxTagCount="responsive" />
                          : <Select mode="tags" open={false} suffixIcon={null} placeholder={t('leadRules.routing.typeValues')} />}
                      </Form.Item>
                    </Col>
                    <Col span={2}><Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} /></Col>
                  </Row>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= ROUTING_FIELDS.length}
                onClick={() => add({ field: ROUTING_FIELDS.find((x) => !used.has(x)), in: [] })}>{t('leadRules.routing.addCondition')}</Button>
              <div className="baton-muted" style={{ fontSize: 12, margin: '6px 0 12px' }}>{t('leadRules.routing.conditionsHint')}</div>
            </>
          )}
        </Form.List>
        <div className="baton-section-title">{t('leadRules.routing.target')}</div>
        <Form.Item name="kind">
          <Radio.Group options={[{ value: 'team', label: t('leadRules.routing.team') }, { value: 'pool', label: t('leadRules.routing.pool') }]} optionType="button" />
        </Form.Item>
        {kind === 'team' ? (
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item name="repIds" label={t('leadRules.routing.reps')} extra={t('leadRules.routing.repsHint')} rules={[{ required: true, type: 'array', min: 1, message: t('leadRules.routing.repsRequired') }]}>
                <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={(users.data ?? []).filter((u) => u.status !== 'disabled' && u.worksLeads).map((u) => ({ value: u.id, label: u.name }))} data-testid="rule-reps" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="strategy" label={t('leadRules.routing.strategy')} rules={[{ required: true }]}>
                <Select options={STRATEGIES.map((s) => ({ value: s, label: t(`leadRules.routing.strategies.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="overflowPoolId" label={t('leadRules.routing.overflowPool')} extra={t('leadRules.routing.overflowHint')}>
                <Select allowClear options={poolOptions} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Form.Item name="poolId" label={t('leadRules.routing.pool')} rules={[{ required: true }]}><Select options={poolOptions} /></Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
