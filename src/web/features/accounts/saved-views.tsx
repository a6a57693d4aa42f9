import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Tooltip } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Items, SavedView, ViewConfig } from '../../api/types';
import { errorMessage } from '../../ui/feedback';
import { useSession } from '../auth/session';

interface Props {
  viewId: string | null;
  currentConfig: ViewConfig;
  onApply: (view: SavedView | null) => void;
}

const VIEWS_KEY = ['views', 'account'];

/** Saved views of the account list: pick one, save the current filters/sort/columns as one, delete your own. */
export function SavedViews({ viewId, currentConfig, onApply }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string; isShared: boolean }>();
  const views = useQuery({ queryKey: VIEWS_KEY, queryFn: () => api.get<Items<SavedView>>('/views', { entity: 'account' }) });
  const items = views.data?.items ?? [];
  const selected = items.find((v) => v.id === viewId) ?? null;

  const create = useMutation({
    mutationFn: (v: { name: string; isShared: boolean }) =>
      api.post<SavedView>('/views', { entity: 'account', name: v.name, isShared: v.isShared, config: currentConfig }),
    onSuccess: (view) => {
      message.success(t('views.saved'));
      setSaving(false);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
      onApply(view);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/views/${id}`),
    onSuccess: () => {
      message.success(t('views.deleted'));
      void queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
      onApply(null);
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <Space size={4}>
      <Select
        // A view named by a link that this user cannot see (a colleague's own) reads 全部; its filters still apply.
        value={selected?.id ?? ''}
        loading={views.isLoading}
        style={{ width: 200 }}
        onChange={(id: string) => onApply(items.find((v) => v.id === id) ?? null)}
        options={[
          { value: '', label: t('views.all') },
          ...items.map((v) => ({ value: v.id, label: v.isShared ? `${v.name} · ${t('views.shared')}` : v.name })),
        ]}
        data-testid="view-select"
      />
      <Tooltip title={t('views.saveAs')}>
        <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} aria-label={t('views.saveAs')} />
      </Tooltip>
      {selected && selected.userId === me.user.id && (
        <Popconfirm title={t('views.confirmDelete', { name: selected.name })} onConfirm={() => remove.mutate(selected.id)}>
          <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} loading={remove.isPending} />
        </Popconfirm>
      )}
      <Modal
        title={t('views.saveAs')}
        open={saving}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ isShared: false }} preserve={false}>
          <Form.Item name="name" label={t('views.name')} rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }, { max: 50 }]}>
            <Input autoFocus placeholder={t('views.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="isShared" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('views.shareWithTeam')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
