import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Department } from '../../api/types';
import { EmptyState, ErrorAlert, errorMessage, PageLoading } from '../../ui/feedback';
import { adminKeys, toDeptTree, useDepartments, type DeptNode } from './admin-api';

type Dialog = { mode: 'add'; parent: Department | null } | { mode: 'rename'; dept: Department } | null;

export default function DepartmentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const depts = useDepartments();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ name: string }>();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: adminKeys.departments });
  const save = useMutation({
    mutationFn: ({ name }: { name: string }) => (dialog?.mode === 'rename'
      ? api.patch(`/departments/${dialog.dept.id}`, { name, version: dialog.dept.version })
      : api.post('/departments', { name, parentId: dialog?.mode === 'add' ? dialog.parent?.id ?? null : null })),
    onSuccess: () => {
      message.success(t('common.saved'));
      setDialog(null);
      void invalidate();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (d: Department) => api.delete(`/departments/${d.id}`),
    onSuccess: () => {
      message.success(t('common.deletedOk'));
      void invalidate();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const open = (d: Dialog) => {
    form.resetFields();
    if (d?.mode === 'rename') form.setFieldsValue({ name: d.dept.name });
    setDialog(d);
  };

  if (depts.isLoading) return <PageLoading />;
  if (depts.isError) return <ErrorAlert error={depts.error} onRetry={() => void depts.refetch()} />;
  const tree = toDeptTree(depts.data?.items ?? []);
  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('admin.departments.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'add', parent: null })}>{t('admin.departments.addRoot')}</Button>
      </div>
      {tree.length === 0 ? <EmptyState description={t('admin.departments.empty')} /> : (
        <Tree<DeptNode>
          className="baton-dept-tree"
          treeData={tree}
          defaultExpandAll
          blockNode
          selectable={false}
          titleRender={(n) => (
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16 }}>
              <span>{n.title}</span>
              <Space size={0} className="baton-tree-actions">
                <Button type="link" size="small" onClick={() => open({ mode: 'add', parent: n.dept })}>{t('admin.departments.addChild')}</Button>
                <Button type="link" size="small" onClick={() => open({ mode: 'rename', dept: n.dept })}>{t('admin.departments.rename')}</Button>
                <Popconfirm title={t('admin.departments.confirmDelete', { name: n.title })} onConfirm={() => remove.mutate(n.dept)}>
                  <Button type="link" size="small" danger>{t('common.delete')}</Button>
                </Popconfirm>
              </Space>
            </div>
          )}
        />
      )}
      <Modal
        open={dialog !== null}
        title={dialog?.mode === 'rename' ? t('admin.departments.rename')
          : dialog?.parent ? t('admin.departments.addChildOf', { name: dialog.parent.name }) : t('admin.departments.addRoot')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('admin.departments.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { label: t('admin.departments.name') }) }, { max: 100 }]}>
            <Input autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
