import { useState } from 'react';
import { Alert, App, Button, Col, Descriptions, Modal, Row, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Account, AccountDetail } from '../../api/types';
import { errorMessage, PageLoading } from '../../ui/feedback';
import { accountKeys } from './account-api';
import { renderAccountField } from './account-format';
import { AccountSelect } from './account-select';

const COMPARE = ['creditCode', 'industry', 'level', 'segment', 'lifecycleStage', 'province', 'city', 'website', 'ownerId', 'annualRevenue', 'tags'] as const;

interface Props {
  open: boolean;
  winner: AccountDetail;
  onClose: () => void;
  onMerged: (mergeId: string, account: Account) => void;
}

/** 合并: pick the duplicate, compare side by side, keep this one. */
export function MergeModal({ open, winner, onClose, onMerged }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [loserId, setLoserId] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loser = useQuery({
    queryKey: accountKeys.detail(loserId ?? ''),
    queryFn: () => api.get<AccountDetail>(`/accounts/${loserId}`),
    enabled: !!loserId,
  });

  const merge = async () => {
    if (!loserId) return;
    setMerging(true);
    setError(null);
    try {
      const res = await api.post<{ mergeId: string; account: Account }>(`/accounts/${winner.id}/merge`, { loserId, version: winner.version });
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
      setLoserId(null);
      onMerged(res.mergeId, res.account);
    } catch (e) {
      setError(errorMessage(e));
      message.error(errorMessage(e));
    } finally {
      setMerging(false);
    }
  };

  const side = (a: AccountDetail, title: string) => (
    <Descriptions
      size="small"
      bordered
      column={1}
      title={<span>{title}<Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8 }}>{a.name}</Typography.Text></span>}
      items={COMPARE.filter((k) => k in a).map((k) => ({ key: k, label: t(`fields.account.${k}`), children: renderAccountField(k, a, i18n.language) || '—' }))}
      styles={{ label: { width: 136, whiteSpace: 'nowrap' } }}
    />
  );

  return (
    <Modal
      title={t('merge.title')}
      open={open}
      width={880}
      onCancel={() => { setLoserId(null); onClose(); }}
      footer={[
        <Button key="cancel" onClick={() => { setLoserId(null); onClose(); }}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" danger disabled={!loser.data} loading={merging} onClick={() => void merge()} data-testid="merge-confirm">
          {t('merge.confirm')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('merge.hint', { name: winner.name })}</Typography.Paragraph>
      <AccountSelect value={loserId} onChange={(v) => setLoserId(v)} excludeId={winner.id} style={{ width: '100%', marginBottom: 16 }}
        placeholder={t('merge.pick')} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {loserId && (loser.isLoading ? <PageLoading /> : loser.data && (
        <>
          <Row gutter={16}>
            <Col span={12}>{side(winner, t('merge.keep'))}</Col>
            <Col span={12}>{side(loser.data, t('merge.remove'))}</Col>
          </Row>
          <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('merge.warning', { contacts: loser.data.contactsCount })} />
        </>
      ))}
    </Modal>
  );
}
