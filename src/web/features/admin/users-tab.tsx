import { useState } from 'react';
import { App, Button, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, TreeSelect } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CreateUserInput } from '../../../shared/contracts';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../ui/feedback';
import { zodRule } from '../../ui/zod-rule';
import { formatDateTime } from '../../ui/time';
import { adminKeys, toDeptTree, useDepartments, useRoles, useUsers } from './admin-api';
import { showFieldIssues } from '../../ui/forms';

type Editing = User | 'new' | null;

function UserModal({ editing, onClose }: { editing: Exclude<Editing, null>; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const depts = useDepartments();
  const users = useUsers();
  const [form] = Form.useForm();
  const isNew = editing === 'new';
  const shape = CreateUserInput.shape;
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const body: Record<string, unknown> = { ...v, mobile: v.mobile || null, departmentId: v.departmentId ?? null, managerId: v.managerId ?? null };
      if (isNew) return api.post<User>('/users', body);
      if (!body.password) delete body.password;
      return api.patch<User>(`/users/${editing.id}`, { ...body, version: editing.version });
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: adminKeys.users });
      void queryClient.invalidateQueries({ queryKey: ['users', 'options'] });
      onClose();
    },
    onError: (e) => {
      showFieldIssues(form, e);
      message.error(errorMessage(e));
    },
  });
  const initial = isNew ? { locale: 'zh-CN' } : {
    name: editing.name, mobile: editing.mobile, roleId: editing.roleId, departmentId: editing.departmentId ?? undefined,
    managerId: editing.managerId ?? undefined, locale: editing.locale, status: editing.status,
  };
  return (
    <Modal open title={isNew ? t('admin.users.new') : t('admin.users.edit', { name: editing.name })} width={640}
      onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} className="baton-field-grid">
        <Row gutter={16}>
          {isNew && (
            <Col span={12}>
              <Form.Item name="email" label={t('admin.users.email')} rules={[{ required: true, message: t('validation.required', { label: t('admin.users.email') }) }, zodRule(shape.email)]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="name" label={t('admin.users.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { label: t('admin.users.name') }) }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mobile" label={t('admin.users.mobile')} rules={[zodRule(shape.mobile)]}><Input maxLength={30} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="password" label={t('admin.users.password')} extra={isNew ? undefined : t('admin.users.passwordKeep')}
              rules={[...(isNew ? [{ required: true, message: t('validation.required', { label: t('admin.users.password') }) }] : []), zodRule(shape.password)]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="roleId" label={t('admin.users.role')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
              <Select loading={roles.isLoading} options={(roles.data?.items ?? []).map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.nameEn : r.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="departmentId" label={t('admin.users.department')}>
              <TreeSelect allowClear treeDefaultExpandAll treeData={toDeptTree(depts.data?.items ?? [])} loading={depts.isLoading} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="managerId" label={t('admin.users.manager')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }}
                options={(users.data?.items ?? []).filter((u) => isNew || u.id !== editing.id).map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="locale" label={t('admin.users.locale')}>
              <Select options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export default function UsersTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const users = useUsers();
  const [editing, setEditing] = useState<Editing>(null);
  const setStatus = useMutation({
    mutationFn: (u: User) => api.patch(`/users/${u.id}`, { status: u.status === 'active' ? 'disabled' : 'active', version: u.version }),
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: adminKeys.users });
      void queryClient.invalidateQueries({ queryKey: ['users', 'options'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const columns: TableColumnsType<User> = [
    { key: 'name', title: t('admin.users.name'), render: (_, u) => <strong>{u.name}</strong> },
    { key: 'email', title: t('admin.users.email'), dataIndex: 'email' },
    { key: 'mobile', title: t('admin.users.mobile'), dataIndex: 'mobile' },
    { key: 'role', title: t('admin.users.role'), dataIndex: 'roleName' },
    { key: 'department', title: t('admin.users.department'), dataIndex: 'departmentName' },
    { key: 'manager', title: t('admin.users.manager'), dataIndex: 'managerName' },
    {
      key: 'status', title: t('admin.users.status'),
      render: (_, u) => (u.status === 'active' ? <Tag color="success">{t('admin.users.active')}</Tag> : <Tag>{t('admin.users.disabled')}</Tag>),
    },
    { key: 'createdAt', title: t('fields.account.createdAt'), render: (_, u) => formatDateTime(u.createdAt) },
    {
      key: 'actions', title: t('common.actions'), fixed: 'right',
      render: (_, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(u)}>{t('common.edit')}</Button>
          <Popconfirm title={u.status === 'active' ? t('admin.users.confirmDisable', { name: u.name }) : t('admin.users.confirmEnable', { name: u.name })}
            onConfirm={() => setStatus.mutate(u)}>
            <Button type="link" size="small" danger={u.status === 'active'}>{u.status === 'active' ? t('admin.users.disable') : t('admin.users.enable')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('admin.users.new')}</Button>
      </div>
      {users.isError && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      <Table<User> className="baton-table" rowKey="id" size="small" loading={users.isLoading} columns={columns}
        dataSource={users.data?.items ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
        locale={{ emptyText: users.isLoading ? ' ' : <EmptyState description={t('admin.users.empty')} /> }} />
      {editing && <UserModal editing={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
