import { useState } from 'react';
import { App, Button, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CodeOutlined, CopyOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Items } from '../../../api/types';
import { EmptyState, ErrorAlert, errorMessage } from '../../../ui/feedback';
import { sourceText } from '../lead-format';
import type { LeadForm } from '../lead-types';
import { LeadFormEditor } from './lead-form-editor';
import { embedSnippet } from './embed-snippet';

export const FORMS_KEY = ['lead-forms'] as const;

/** Web forms per campaign or channel: hosted page, embed snippet, submissions, on/off. */
export function LeadFormsTab({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const forms = useQuery({ queryKey: FORMS_KEY, queryFn: () => api.get<Items<LeadForm>>('/lead-forms') });
  const [editing, setEditing] = useState<LeadForm | 'new' | null>(null);
  const [embed, setEmbed] = useState<LeadForm | null>(null);

  const toggle = async (f: LeadForm, isEnabled: boolean) => {
    try {
      await api.patch(`/lead-forms/${f.id}`, { isEnabled, version: f.version });
      void queryClient.invalidateQueries({ queryKey: FORMS_KEY });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<LeadForm> = [
    { key: 'name', title: t('leadRules.forms.name'), render: (_, f) => (
      <>
        <a href={f.path} target="_blank" rel="noreferrer">{f.name}</a>
        {f.locale !== 'zh-CN' && <Tag style={{ marginLeft: 8 }}>{t(`leadRules.forms.locales.${f.locale}`)}</Tag>}
      </>
    ) },
    { key: 'source', title: t('leads.fields.source'), render: (_, f) => sourceText(f.sourceType, f.source, i18n.language) },
    { key: 'channel', title: t('leads.fields.channel'), render: (_, f) => [f.channel, f.campaign].filter(Boolean).join(' / ') },
    { key: 'fields', title: t('leadRules.forms.fields'), width: 280, render: (_, f) => <div className="baton-tags">{f.fields.map((k) => <Tag key={k}>{t(`leads.fields.${k}`)}</Tag>)}</div> },
    { key: 'submissions', title: t('leadRules.forms.submissions'), align: 'right', render: (_, f) => f.submissions ?? 0 },
    {
      key: 'enabled', title: t('leadRules.forms.enabled'),
      render: (_, f) => <Switch size="small" checked={f.isEnabled} disabled={!canManage} onChange={(v) => void toggle(f, v)} />,
    },
    {
      key: 'actions', title: t('common.actions'),
      render: (_, f) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<CodeOutlined />} onClick={() => setEmbed(f)} data-testid="form-embed">{t('leadRules.forms.embed')}</Button>
          {canManage && <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(f)}>{t('common.edit')}</Button>}
        </Space>
      ),
    },
  ];

  const snippet = embed ? embedSnippet(window.location.origin, embed) : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      message.success(t('leadRules.forms.copied'));
    } catch {
      message.info(t('leadRules.forms.copyManually'));
    }
  };

  return (
    <div>
      <div className="baton-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('leadRules.forms.hint')}</Typography.Text>
        {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-form">{t('leadRules.forms.new')}</Button>}
      </div>
      {forms.isError && <ErrorAlert error={forms.error} onRetry={() => void forms.refetch()} />}
      <Table<LeadForm> className="baton-table" rowKey="id" size="small" columns={columns} dataSource={forms.data?.items ?? []} loading={forms.isLoading}
        pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: <EmptyState description={t('leadRules.forms.empty')} /> }} />
      <LeadFormEditor form={editing === 'new' ? null : editing} open={!!editing} onClose={() => setEditing(null)} />
      <Modal open={!!embed} title={t('leadRules.forms.embedTitle', { name: embed?.name })} onCancel={() => setEmbed(null)} footer={null} width={640}>
        <Typography.Paragraph type="secondary">{t('leadRules.forms.embedHint')}</Typography.Paragraph>
        <Input.TextArea value={snippet} readOnly autoSize={{ minRows: 3 }} data-testid="embed-snippet" style={{ fontFamily: 'monospace', fontSize: 12 }} />
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" icon={<CopyOutlined />} onClick={() => void copy()}>{t('leadRules.forms.copy')}</Button>
          {embed && <a href={embed.path} target="_blank" rel="noreferrer">{t('leadRules.forms.openPage')}</a>}
        </Space>
      </Modal>
    </div>
  );
}
