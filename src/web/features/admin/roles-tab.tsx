import { useState } from 'react';
import { App, Button, Checkbox, Col, Drawer, Form, Input, Popconfirm, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DATA_SCOPES, FIELD_ACCESS, PROTECTED_FIELDS, type FieldAccess } from '../../../shared/dictionaries';
import { RoleInput } from '../../../shared/contracts';
import { api, isApiError } from '../../api/client';
import type { Role } from '../../api/types';
import { localizeMessage } from '../../i18n';
import { useDict } from '../../ui/dict';
import { EmptyState, ErrorAlert, errorMessage } from '../../ui/feedback';
import { zodRule } from '../../ui/zod-rule';
import { adminKeys, useRoles } from './admin-api';
import { PERMISSION_GROUPS, permissionLabelKey, protectedFieldLabelKey } from './permission-groups';

const PROTECTED: { key: string; entity: string; field: string }[] = Object.entries(PROTECTED_FIELDS)
  .flatMap(([entity, fields]) => fields.map((field) => ({ key: `${entity}.${field}`, entity, field })));

interface RoleForm { key: string; name: string; nameEn: string; dataScope: string; permissions: string[]; fieldPermissions: Record<string, FieldAccess> }

function RoleDrawer({ role, onClose }: { role: Role | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const dict = useDict();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RoleForm>();
  const isNew = role === 'new';
  const initial: Partial<RoleForm> = isNew
    ? { dataScope: 'self', permissions: ['accounts.read', 'contacts.read'], fieldPermissions: Object.fromEntries(PROTECTED.map((p) => [p.key, 'edit'])) }
    : { ...role, fieldPermissions: Object.fromEntries(PROTECTED.map((p) => [p.key, role.fieldPermissions[p.key] ?? 'edit'])) };
  const save = useMutation({
    mutationFn: (v: RoleForm) => {
      // Only restrictions are stored; "editable" is the default.
      // The grid is not a registered form field, so read it from the store rather than from `v`.
      const grid = (form.getFieldValue('fieldPermissions') ?? {}) as Record<string, FieldAccess>;
      const fieldPermissions = Object.fromEntries(Object.entries(grid).filter(([, a]) => a && a !== 'edit'));
      const kept = !isNew && role.permissions.includes('*') ? ['*'] : [];
      const body = { name: v.name, nameEn: v.nameEn, dataScope: v.dataScope, permissions: [...kept, ...(v.permissions ?? [])], fieldPermissions };
      return isNew ? api.post('/roles', { ...body, key: v.key }) : api.patch(`/roles/${role.id}`, { ...body, version: role.version });
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: adminKeys.roles });
      void queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.fieldIssues.length) {
        form.setFields(e.fieldIssues.filter((i) => !i.path.startsWith('fieldPermissions')).map((i) => ({ name: i.path.split('.') as never, errors: [localizeMessage(i.message)] })));
      }
      message.error(errorMessage(e));
    },
  });
  const req = (label: string) => ({ required: true, whitespace: true, message: t('validation.required', { label }) });
  return (
    <Drawer open size={760} title={isNew ? t('admin.roles.new') : t('admin.roles.edit', { name: role.name })} onClose={onClose}
      footer={<Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>{t('common.save')}</Button>
      </Space>}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} className="baton-field-grid">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label={t('admin.roles.name')} rules={[req(t('admin.roles.name'))]}><Input maxLength={50} /></Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="nameEn" label={t('admin.roles.nameEn')} rules={[req(t('admin.roles.nameEn'))]}><Input maxLength={50} /></Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="key" label={t('admin.roles.key')} rules={isNew ? [req(t('admin.roles.key')), zodRule(RoleInput.shape.key)] : []}>
              <Input disabled={!isNew} placeholder="sales_rep" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="dataScope" label={t('admin.roles.dataScope')} rules={[{ required: true }]} extra={t('admin.roles.dataScopeHint')}>
              <Select options={dict.options(DATA_SCOPES)} />
            </Form.Item>
          </Col>
        </Row>
        <div className="baton-section-title">{t('admin.roles.permissions')}</div>
        <Form.Item name="permissions">
          <Checkbox.Group style={{ width: '100%' }}>
            <div style={{ width: '100%' }}>
              {PERMISSION_GROUPS.map((g) => (
                <div key={g.group} style={{ marginBottom: 10 }}>
                  <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>{t(`admin.roles.groups.${g.group}`)}</Typography.Text>
                  <div className="baton-perm-grid">
                    {g.items.map((p) => <Checkbox key={p} value={p}>{t(permissionLabelKey(p))}</Checkbox>)}
                  </div>
                </div>
              ))}
            </div>
          </Checkbox.Group>
        </Form.Item>
        <div className="baton-section-title">{t('admin.roles.fieldPermissions')}</div>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={PROTECTED}
          columns={[
            {
              key: 'field', title: t('admin.roles.field'),
              render: (_, p) => <span>{t(`entities.${p.entity}`)} · {t(protectedFieldLabelKey(p.entity, p.field))}</span>,
            },
            ...FIELD_ACCESS.map((a) => ({
              key: a.key,
              title: dict.label(FIELD_ACCESS, a.key),
              align: 'center' as const,
              width: 120,
              render: (_: unknown, p: { key: string }) => (
                <Form.Item noStyle shouldUpdate={(prev, next) => prev.fieldPermissions?.[p.key] !== next.fieldPermissions?.[p.key]}>
                  {() => (
                    <Radio
                      aria-label={`${p.key} ${a.key}`}
                      checked={(form.getFieldValue(['fieldPermissions', p.key]) ?? 'edit') === a.key}
                      onChange={() => form.setFieldValue(['fieldPermissions', p.key], a.key)}
                    />
                  )}
                </Form.Item>
              ),
            })),
          ]}
        />
      </Form>
    </Drawer>
  );
}

export default function RolesTab() {
  const { t, i18n } = useTranslation();
  const dict = useDict();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (r: Role) => api.delete(`/roles/${r.id}`),
    onSuccess: () => {
      message.success(t('common.deletedOk'));
      void queryClient.invalidateQueries({ queryKey: adminKeys.roles });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const columns: TableColumnsType<Role> = [
    {
      key: 'name', title: t('admin.roles.name'),
      render: (_, r) => <Space size={6}><strong>{i18n.language === 'en' ? r.nameEn : r.name}</strong>{r.isSystem && <Tag>{t('admin.roles.system')}</Tag>}</Space>,
    },
    { key: 'key', title: t('admin.roles.key'), render: (_, r) => <Typography.Text code>{r.key}</Typography.Text> },
    { key: 'dataScope', title: t('admin.roles.dataScope'), render: (_, r) => dict.label(DATA_SCOPES, r.dataScope) },
    {
      key: 'permissions', title: t('admin.roles.permissions'),
      render: (_, r) => (r.permissions.includes('*') ? t('admin.roles.allPermissions') : t('admin.roles.permissionCount', { n: r.permissions.length })),
    },
    {
      key: 'fieldPermissions', title: t('admin.roles.fieldPermissions'),
      render: (_, r) => {
        const restricted = Object.entries(r.fieldPermissions ?? {}).filter(([, a]) => a !== 'edit');
        return restricted.length ? restricted.map(([k, a]) => {
          const [entity, field] = k.split('.');
          return <Tag key={k}>{t(`entities.${entity}`)}·{t(`fields.${entity}.${field}`, { defaultValue: k })}：{dict.label(FIELD_ACCESS, a)}</Tag>;
        }) : <Typography.Text type="secondary">{t('admin.roles.noRestrictions')}</Typography.Text>;
      },
    },
    {
      key: 'actions', title: t('common.actions'), fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)}>{t('common.edit')}</Button>
          {!r.isSystem && (
            <Popconfirm title={t('admin.roles.confirmDelete', { name: r.name })} onConfirm={() => remove.mutate(r)}>
              <Button type="link" size="small" danger>{t('common.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('admin.roles.new')}</Button>
      </div>
      {roles.isError && <ErrorAlert error={roles.error} onRetry={() => void roles.refetch()} />}
      <Table<Role> className="baton-table" rowKey="id" size="small" loading={roles.isLoading} columns={columns}
        dataSource={roles.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: roles.isLoading ? ' ' : <EmptyState description={t('admin.roles.empty')} /> }} />
      {editing && <RoleDrawer role={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
