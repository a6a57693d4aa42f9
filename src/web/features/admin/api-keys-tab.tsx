import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiKey, Items } from '../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../ui/feedback';
import { RelativeTime } from '../accounts/account-format';
import { formatDateTime } from '../../ui/time';
import { adminKeys } from './admin-api';

export default function ApiKeysTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const keys = useQuery({ queryKey: adminKeys.apiKeys, queryFn: () => api.get<Items<ApiKey>>('/api-keys') });
  const create = useMutation({
    mutationFn: (v: { name: string }) => api.post<{ id: string; name: string; prefix: string; key: string }>('/api-keys', v),
    onSuccess: (res) => {
      setCreating(false);
      form.resetFields();
      setCreated({ name: res.name, key: res.key });
      void queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => api.delete(`/api-keys/${k.id}`),
    onSuccess: () => {
      message.success(t('admin.apiKeys.revoked'));
      void queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const columns: TableColumnsType<ApiKey> = [
    { key: 'name', title: t('admin.apiKeys.name'), render: (_, k) => <strong>{k.name}</strong> },
    { key: 'prefix', title: t('admin.apiKeys.prefix'), render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
    { key: 'user', title: t('admin.apiKeys.user'), dataIndex: 'userName' },
    { key: 'createdAt', title: t('fields.account.createdAt'), render: (_, k) => formatDateTime(k.createdAt) },
    { key: 'lastUsedAt', title: t('admin.apiKeys.lastUsed'), render: (_, k) => (k.lastUsedAt ? <RelativeTime value={k.lastUsedAt} /> : <span className="baton-muted">{t('admin.apiKeys.never')}</span>) },
    { key: 'status', title: t('admin.users.status'), render: (_, k) => (k.revokedAt ? <Tag>{t('admin.apiKeys.revokedAt', { at: formatDateTime(k.revokedAt) })}</Tag> : <Tag color="success">{t('admin.apiKeys.active')}</Tag>) },
    {
      key: 'actions', title: t('common.actions'), fixed: 'right',
      render: (_, k) => !k.revokedAt && (
        <Popconfirm title={t('admin.apiKeys.confirmRevoke', { name: k.name })} description={t('admin.apiKeys.revokeHint')} onConfirm={() => revoke.mutate(k)}>
          <Button type="link" size="small" danger>{t('admin.apiKeys.revoke')}</Button>
        </Popconfirm>
      ),
    },
  ];
  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('admin.apiKeys.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('admin.apiKeys.new')}</Button>
      </div>
      {keys.isError && <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />}
      <Table<ApiKey> className="baton-table" rowKey="id" size="small" loading={keys.isLoading} columns={columns}
        dataSource={keys.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: keys.isLoading ? ' ' : <EmptyState description={t('admin.apiKeys.empty')} /> }} />
      <Modal open={creating} title={t('admin.apiKeys.new')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('admin.apiKeys.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { label: t('admin.apiKeys.name') }) }, { max: 100 }]}>
            <Input placeholder={t('admin.apiKeys.namePlaceholder')} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!created} title={t('admin.apiKeys.createdTitle', { name: created?.name })} onCancel={() => setCreated(null)}
        footer={<Button type="primary" onClick={() => setCreated(null)}>{t('admin.apiKeys.saved')}</Button>} maskClosable={false}>
        <Alert type="warning" showIcon title={t('admin.apiKeys.showOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: created?.key }} code style={{ wordBreak: 'break-all', fontSize: 13 }} data-testid="api-key-value">
          {created?.key}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('admin.apiKeys.usage')}</Typography.Text>
      </Modal>
    </div>
  );
}
