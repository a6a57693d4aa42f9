import { useState } from 'react';
import { App, Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Items } from '../../../api/types';
import { errorMessage } from '../../../ui/feedback';
import { useUserOptions } from '../../../ui/queries';
import { leadKeys } from '../lead-api';
import { TIERS } from '../lead-format';
import type { Pool, PoolMember, RecycleThresholds, Tier } from '../lead-types';
import { rangeRule, useGuardedClose, validFields, showFieldIssues } from '../../../ui/forms';
import { hasPermission, useSession } from '../../auth/session';
import { overridesToSave, THRESHOLDS } from './pool-rules';

type Values = Record<string, unknown> & { admins?: string[]; members?: string[] };
/** Create or edit a pool: claim rules, holding limit, recycle rules with per-tier overrides, members and admins. */
export function PoolDrawer({ pool, onClose }: { pool: Pool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const users = useUserOptions();
  // Only admin.pools moves the default pool; a pool's own admins edit the rest.
  const canSetDefault = hasPermission(useSession(), 'admin.pools');
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = useGuardedClose(form, onClose);
  const poolDays = Form.useWatch('recycleRules', form) as Partial<RecycleThresholds> | undefined;
  const members = useQuery({
    queryKey: ['pools', pool?.id, 'members'],
    queryFn: () => api.get<Items<PoolMember>>(`/pools/${pool!.id}/members`),
    enabled: !!pool,
  });
  const userOptions = (users.data ?? []).filter((u) => u.status !== 'disabled').map((u) => ({ value: u.id, label: u.name }));
  const ready = !pool || members.isSuccess;

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    const body = {
      name: v.name, description: v.description || null, isDefault: !!v.isDefault, holdingLimit: v.holdingLimit ?? null,
      claimRules: v.claimRules,
      recycleRules: { ...(v.recycleRules as object), tierOverrides: overridesToSave((v.recycleRules as Pool['recycleRules']).tierOverrides, pool?.recycleRules.tierOverrides) },
    };
    try {
      const saved = pool
        ? await api.patch<Pool>(`/pools/${pool.id}`, { ...body, version: pool.version })
        : await api.post<Pool>('/pools', body);
      const admins = new Set(v.admins ?? []);
      const all = [...new Set([...(v.admins ?? []), ...(v.members ?? [])])];
      await api.put(`/pools/${saved.id}/members`, { members: all.map((userId) => ({ userId, role: admins.has(userId) ? 'admin' : 'member' })) });
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: leadKeys.pools });
      onClose();
    } catch (e) {
      showFieldIssues(form, e);
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const num = (name: (string | number)[], label: string, extra?: string) => (
    <Form.Item name={name} label={label} extra={extra} rules={[rangeRule(1, 3650)]}><InputNumber precision={0} style={{ width: '100%' }} placeholder={t('leadRules.pools.off')} /></Form.Item>
  );
  // An empty override box follows the pool's own setting (shown), or stays off where the API switched the rule off.
  const overridePlaceholder = (tier: Tier, k: keyof RecycleThresholds) => {
    if (pool?.recycleRules.tierOverrides?.[tier]?.[k] === null) return t('leadRules.pools.off');
    const base = poolDays?.[k];
    return t('leadRules.pools.inherit', { value: base == null ? t('leadRules.pools.off') : base });
  };
  const initial = pool ? {
    ...pool,
    admins: members.data?.items.filter((m) => m.role === 'admin').map((m) => m.userId),
    members: members.data?.items.filter((m) => m.role === 'member').map((m) => m.userId),
  } : {
    claimRules: { dailyLimit: 20, coolDownDays: 30 },
    recycleRules: { notFollowedUpDays: 30, notWonDays: 90, notFirstTouchedDays: 3, excludeWon: true, excludeLocked: true, excludeWithOpenDeal: true, warnDaysAhead: 3 },
  };

  return (
    <Drawer open title={pool ? t('leadRules.pools.editTitle', { name: pool.name }) : t('leadRules.pools.new')} onClose={close} size={720} destroyOnHidden
      maskClosable={false} footer={<Space style={{ display: 'flex', justifyContent: 'flex-end' }}><Button onClick={close}>{t('common.cancel')}</Button>
        <Button type="primary" loading={saving} disabled={!ready} onClick={() => void save()} data-testid="pool-save">{t('common.save')}</Button></Space>}>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      {ready && (
        <Form form={form} layout="vertical" className="baton-field-grid" initialValues={initial}>
          <Row gutter={16}>
            <Col span={16}><Form.Item name="name" label={t('leadRules.pools.name')} rules={[{ required: true, max: 100 }]}><Input data-testid="pool-name" /></Form.Item></Col>
            <Col span={8}><Form.Item name="isDefault" label={t('leads.pools.default')} valuePropName="checked" extra={t('leadRules.pools.defaultHint')}><Switch disabled={!canSetDefault} /></Form.Item></Col>
            <Col span={24}><Form.Item name="description" label={t('leadRules.pools.description')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} /></Form.Item></Col>
          </Row>
          <div className="baton-section-title">{t('leadRules.pools.membersTitle')}</div>
          <Row gutter={16}>
            <Col span={12}><Form.Item name="admins" label={t('leads.pools.roles.admin')}><Select mode="multiple" options={userOptions} showSearch={{ optionFilterProp: 'label' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="members" label={t('leads.pools.roles.member')}><Select mode="multiple" options={userOptions} showSearch={{ optionFilterProp: 'label' }} /></Form.Item></Col>
          </Row>
          <div className="baton-section-title">{t('leadRules.pools.claimRules')}</div>
          <Row gutter={16}>
            <Col span={8}><Form.Item name={['claimRules', 'dailyLimit']} label={t('leadRules.pools.dailyLimit')} rules={[rangeRule(1, 10000)]}><InputNumber precision={0} style={{ width: '100%' }} placeholder={t('leadRules.pools.off')} /></Form.Item></Col>
            <Col span={8}>{num(['claimRules', 'coolDownDays'], t('leadRules.pools.coolDownDays'))}</Col>
            <Col span={8}><Form.Item name="holdingLimit" label={t('leadRules.pools.holdingLimit')} rules={[rangeRule(1, 100000)]}><InputNumber precision={0} style={{ width: '100%' }} placeholder={t('leadRules.pools.off')} /></Form.Item></Col>
          </Row>
          <div className="baton-section-title">{t('leadRules.pools.recycleRules')}</div>
          <Row gutter={16}>
            {THRESHOLDS.map((k) => <Col span={8} key={k}>{num(['recycleRules', k], t(`leadRules.pools.${k}`))}</Col>)}
            <Col span={8}><Form.Item name={['recycleRules', 'warnDaysAhead']} label={t('leadRules.pools.warnDaysAhead')} extra={t('leadRules.pools.warnHint')} rules={[{ required: true }, rangeRule(0, 365)]}><InputNumber precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            {(['excludeWon', 'excludeLocked', 'excludeWithOpenDeal'] as const).map((k) => (
              <Col span={8} key={k}><Form.Item name={['recycleRules', k]} label={t(`leadRules.pools.${k}`)} valuePropName="checked"><Switch /></Form.Item></Col>
            ))}
          </Row>
          <div className="baton-section-title">{t('leadRules.pools.tierOverrides')}</div>
          <Row gutter={16} className="baton-muted" style={{ fontSize: 12, marginBottom: 4 }}>
            <Col span={3} />
            {THRESHOLDS.map((k) => <Col span={7} key={k}>{t(`leadRules.pools.${k}`)}</Col>)}
          </Row>
          {TIERS.map((tier) => (
            <Row gutter={16} key={tier}>
              <Col span={3} style={{ paddingTop: 6 }}><strong>{tier}</strong></Col>
              {THRESHOLDS.map((k) => (
                <Col span={7} key={k}>
                  <Form.Item name={['recycleRules', 'tierOverrides', tier, k]} style={{ marginBottom: 8 }} rules={[rangeRule(1, 3650)]}>
                    <InputNumber precision={0} style={{ width: '100%' }} placeholder={overridePlaceholder(tier, k)} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          ))}
        </Form>
      )}
    </Drawer>
  );
}
