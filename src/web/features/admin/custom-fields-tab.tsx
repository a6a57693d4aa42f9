import { useState } from 'react';
import { App, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Popconfirm, Row, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CUSTOM_FIELD_TYPES } from '../../../shared/dictionaries';
import { CustomFieldInput } from '../../../shared/contracts';
import { api } from '../../api/client';
import type { CustomField } from '../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../ui/feedback';
import { useCustomFields } from '../../ui/queries';
import { zodRule } from '../../ui/zod-rule';
import { showFieldIssues } from '../../ui/forms';

type Entity = 'account' | 'contact';
const HAS_OPTIONS = new Set(['select', 'multi_select']);

function FieldModal({ entity, field, onClose }: { entity: Entity; field: CustomField | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const isNew = field === 'new';
  const type = Form.useWatch('type', form) as string | undefined;
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const base = { label: v.label, labelEn: v.labelEn || null, options: v.options ?? [], isRequired: !!v.isRequired, position: v.position ?? 0 };
      return isNew ? api.post('/custom-fields', { ...base, entity, key: v.key, type: v.type })
        : api.patch(`/custom-fields/${field.id}`, { ...base, version: field.version });
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      onClose();
    },
    onError: (e) => {
      showFieldIssues(form, e);
      message.error(errorMessage(e));
    },
  });
  const effectiveType = isNew ? type : field.type;
  const req = (label: string) => ({ required: true, whitespace: true, message: t('validation.required', { label }) });
  return (
    <Modal open width={640} title={isNew ? t('admin.customFields.new') : t('admin.customFields.edit', { name: field.label })}
      onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} className="baton-field-grid"
        initialValues={isNew ? { type: 'text', options: [], isRequired: false, position: 0 } : { ...field }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="label" label={t('admin.customFields.label')} rules={[req(t('admin.customFields.label'))]}><Input maxLength={50} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="labelEn" label={t('admin.customFields.labelEn')}><Input maxLength={50} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="key" label={t('admin.customFields.key')} extra={t('admin.customFields.keyHint')}
              rules={isNew ? [req(t('admin.customFields.key')), zodRule(CustomFieldInput.shape.key)] : []}>
              <Input disabled={!isNew} placeholder="contract_no" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('admin.customFields.type')} rules={[{ required: true }]}>
              <Select disabled={!isNew} options={CUSTOM_FIELD_TYPES.map((ty) => ({ value: ty, label: t(`admin.customFields.types.${ty}`) }))} />
            </Form.Item>
          </Col>
          {effectiveType && HAS_OPTIONS.has(effectiveType) && (
            <Col span={24}>
              <Form.Item name="options" label={t('admin.customFields.options')} extra={t('admin.customFields.optionsHint')}
                rules={[{ required: true, type: 'array', min: 1, message: t('admin.customFields.optionsRequired') }]}>
                <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="position" label={t('admin.customFields.position')}><InputNumber min={0} max={1000} style={{ width: '100%' }} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="isRequired" label=" " valuePropName="checked"><Checkbox>{t('admin.customFields.required')}</Checkbox></Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export default function CustomFieldsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [entity, setEntity] = useState<Entity>('account');
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const fields = useCustomFields(entity, true);
  const archive = useMutation({
    mutationFn: (f: CustomField) => api.patch(`/custom-fields/${f.id}`, { archived: !f.archivedAt, version: f.version }),
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const rows = (fields.data ?? []).filter((f) => showArchived || !f.archivedAt);
  const columns: TableColumnsType<CustomField> = [
    { key: 'label', title: t('admin.customFields.label'), render: (_, f) => <strong>{f.label}</strong> },
    { key: 'labelEn', title: t('admin.customFields.labelEn'), dataIndex: 'labelEn' },
    { key: 'key', title: t('admin.customFields.key'), render: (_, f) => <Typography.Text code>{f.key}</Typography.Text> },
    { key: 'type', title: t('admin.customFields.type'), render: (_, f) => t(`admin.customFields.types.${f.type}`) },
    {
      key: 'options', title: t('admin.customFields.options'),
      render: (_, f) => f.options.slice(0, 6).map((o) => <Tag key={o}>{o}</Tag>).concat(f.options.length > 6 ? [<span key="more" className="baton-muted">+{f.options.length - 6}</span>] : []),
    },
    { key: 'required', title: t('admin.customFields.required'), render: (_, f) => (f.isRequired ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
    { key: 'position', title: t('admin.customFields.position'), dataIndex: 'position' },
    { key: 'status', title: t('admin.users.status'), render: (_, f) => (f.archivedAt ? <Tag>{t('admin.customFields.archived')}</Tag> : <Tag color="success">{t('admin.customFields.inUse')}</Tag>) },
    {
      key: 'actions', title: t('common.actions'), fixed: 'right',
      render: (_, f) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(f)}>{t('common.edit')}</Button>
          <Popconfirm title={f.archivedAt ? t('admin.customFields.confirmRestore') : t('admin.customFields.confirmArchive', { name: f.label })} onConfirm={() => archive.mutate(f)}>
            <Button type="link" size="small" danger={!f.archivedAt}>{f.archivedAt ? t('admin.customFields.restore') : t('admin.customFields.archive')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Space>
          <Segmented<Entity> value={entity} onChange={setEntity} options={[{ value: 'account', label: t('entities.account') }, { value: 'contact', label: t('entities.contact') }]} />
          <Space size={6}><Switch size="small" checked={showArchived} onChange={setShowArchived} /><span>{t('admin.customFields.showArchived')}</span></Space>
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('admin.customFields.new')}</Button>
      </div>
      {fields.isError && <ErrorAlert error={fields.error} onRetry={() => void fields.refetch()} />}
      <Table<CustomField> className="baton-table" rowKey="id" size="small" loading={fields.isLoading} columns={columns} dataSource={rows}
        pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: fields.isLoading ? ' ' : <EmptyState description={t('admin.customFields.empty')} /> }} />
      {editing && <FieldModal entity={entity} field={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
