import { useState } from 'react';
import { App, Alert, Button, Col, Form, Input, InputNumber, Modal, Row, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { errorMessage } from '../../../ui/feedback';
import { leadKeys } from '../lead-api';
import type { SqlStandard, SqlStandardItem } from '../lead-types';
import { rangeRule, useGuardedClose, validFields, showFieldIssues } from '../../../ui/forms';

interface Props {
  open: boolean; startFrom: SqlStandard | null; defaultItems: SqlStandardItem[]; nextVersion: number;
  /** The draft still waiting for signatures, which saving this one withdraws. */
  openDraft: SqlStandard | null;
  onClose: () => void;
}
interface Values { name: string; minChecked: number; items: SqlStandardItem[] }

/** A new draft of the SQL standard, starting from the one in force (or BANT); it takes effect once both sides sign. */
export function SqlStandardEditor({ open, startFrom, defaultItems, nextVersion, openDraft, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const close = useGuardedClose(form, onClose);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = startFrom?.items ?? defaultItems;

  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      await api.post('/sql-standards', { ...v, items: v.items.map((i) => ({ ...i, hint: i.hint || undefined, required: !!i.required })) });
      message.success(t('leadRules.sql.draftCreated'));
      void queryClient.invalidateQueries({ queryKey: leadKeys.sqlStandards });
      onClose();
    } catch (e) {
      showFieldIssues(form, e);
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t('leadRules.sql.draftTitle', { version: nextVersion })} onCancel={close} maskClosable={false} onOk={() => void save()} confirmLoading={saving}
      width={860} destroyOnHidden okText={t('leadRules.sql.saveDraft')} okButtonProps={{ 'data-testid': 'sql-save' } as never}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('leadRules.sql.draftHint')} />
      {openDraft && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="sql-withdraws"
          title={t('leadRules.sql.withdrawsDraft', { version: openDraft.version })} />
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" preserve={false}
        initialValues={{ name: startFrom?.name ?? t('leadRules.sql.defaultName'), minChecked: startFrom?.minChecked ?? items.filter((i) => i.required).length, items }}>
        <Row gutter={16}>
          <Col span={16}><Form.Item name="name" label={t('leadRules.sql.name')} rules={[{ required: true, min: 2, max: 100 }]}><Input /></Form.Item></Col>
          <Col span={8}><Form.Item name="minChecked" label={t('leadRules.sql.minCheckedLabel')} rules={[{ required: true }, rangeRule(0, 20)]}><InputNumber precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col span={4}><Form.Item name={[f.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('leadRules.sql.keyRule') }]}><Input placeholder={t('leadRules.sql.key')} /></Form.Item></Col>
                  <Col span={7}><Form.Item name={[f.name, 'label']} rules={[{ required: true, min: 2 }]}><Input placeholder={t('leadRules.sql.label')} /></Form.Item></Col>
                  <Col span={7}><Form.Item name={[f.name, 'labelEn']} rules={[{ required: true, min: 2 }]}><Input placeholder={t('leadRules.sql.labelEn')} /></Form.Item></Col>
                  <Col span={4}><Form.Item name={[f.name, 'required']} valuePropName="checked"><Switch checkedChildren={t('leads.handOver.required')} unCheckedChildren={t('leadRules.sql.optional')} /></Form.Item></Col>
                  <Col span={2}><Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} /></Col>
                </Row>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', labelEn: '', required: false })} disabled={fields.length >= 20}>
                {t('leadRules.sql.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
