import { useState } from 'react';
import { App, Button, Card, Form, Modal, Popconfirm, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RELATIONSHIP_STRENGTHS, STANCES } from '../../../shared/dictionaries';
import { api } from '../../api/client';
import type { Relationships } from '../../api/types';
import { useDict } from '../../ui/dict';
import { EmptyState, ErrorAlert, errorMessage, PageLoading } from '../../ui/feedback';
import { useUserOptions } from '../../ui/queries';
import { hasPermission, useSession } from '../auth/session';
import { BuyingRoleTags, StanceTag, STANCE_COLORS } from '../contacts/contact-format';
import { accountKeys } from './account-api';

const STRENGTH_COLORS: Record<number, string> = { 1: 'default', 2: 'blue', 3: 'green' };

/** 关系图: each of their people, their role and stance, and which of ours know them how well. */
export function RelationshipMap({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const dict = useDict();
  const { message } = App.useApp();
  const me = useSession();
  const queryClient = useQueryClient();
  const users = useUserOptions();
  const [adding, setAdding] = useState<string | null | 'any'>(null);
  const [form] = Form.useForm<{ userId: string; contactId: string; strength: string }>();
  const rel = useQuery({
    queryKey: accountKeys.relationships(accountId),
    queryFn: () => api.get<Relationships>(`/accounts/${accountId}/relationships`),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: accountKeys.relationships(accountId) });
  const create = useMutation({
    mutationFn: (v: { userId: string; contactId: string; strength: string }) =>
      api.post('/relationships', { userId: v.userId, contactId: v.contactId, strength: Number(v.strength) }),
    onSuccess: () => {
      message.success(t('relationships.added'));
      setAdding(null);
      void invalidate();
      void queryClient.invalidateQueries({ queryKey: accountKeys.timeline(accountId) });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/relationships/${id}`),
    onSuccess: () => {
      message.success(t('relationships.removed'));
      void invalidate();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  if (rel.isLoading) return <PageLoading />;
  if (rel.isError) return <ErrorAlert error={rel.error} onRetry={() => void rel.refetch()} />;
  const data = rel.data!;
  const canWrite = hasPermission(me, 'contacts.write');
  const userName = (id: string) => data.users.find((u) => u.id === id)?.name ?? users.data?.find((u) => u.id === id)?.name ?? id;
  const covered = data.contacts.filter((c) => data.links.some((l) => l.contactId === c.id)).length;
  const openAdd = (contactId: string | null) => {
    form.resetFields();
    form.setFieldsValue({ contactId: contactId ?? undefined, userId: me.user.id, strength: '1' });
    setAdding(contactId ?? 'any');
  };

  if (!data.contacts.length) return <EmptyState description={t('relationships.noContacts')} />;
  return (
    <div data-testid="relationship-map">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Space size={16}>
          <Typography.Text type="secondary">
            {t('relationships.coverage', { covered, total: data.contacts.length, people: data.users.length })}
          </Typography.Text>
          <Space size={8}>
            {Object.entries(STANCE_COLORS).map(([k, color]) => (
              <span key={k} className="baton-muted" style={{ fontSize: 12 }}>
                <span style={{ display: 'inline-block', width: 10, height: 10, background: color, borderRadius: 2, marginInlineEnd: 4 }} />
                {dict.label(STANCES, k)}
              </span>
            ))}
          </Space>
        </Space>
        {canWrite && <Button icon={<PlusOutlined />} onClick={() => openAdd(null)}>{t('relationships.add')}</Button>}
      </div>
      <div className="baton-rel-grid">
        {data.contacts.map((c) => {
          const links = data.links.filter((l) => l.contactId === c.id);
          return (
            <Card
              key={c.id}
              size="small"
              className="baton-rel-card"
              style={{ borderLeftColor: c.stance ? STANCE_COLORS[c.stance] : '#d9d9d9' }}
              title={<Space size={6}><strong>{c.name}</strong><Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.title}</Typography.Text></Space>}
              extra={<StanceTag stance={c.stance} lang={dict.lang} />}
            >
              <div style={{ minHeight: 24, marginBottom: 8 }}>
                {c.buyingRoles.length ? <BuyingRoleTags roles={c.buyingRoles} lang={dict.lang} /> : <Typography.Text type="secondary">{t('relationships.noRole')}</Typography.Text>}
              </div>
              <div style={{ borderTop: '1px dashed #eef0f3', paddingTop: 8 }}>
                {links.length === 0 && <div><Typography.Text type="warning" style={{ fontSize: 12 }}>{t('relationships.nobody')}</Typography.Text></div>}
                {links.map((l) => (
                  <div key={l.id} style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', lineHeight: '26px' }}>
                    <Space size={6}>
                      <UserOutlined className="baton-muted" />
                      <span>{userName(l.userId)}</span>
                      <Tooltip title={l.notes}>
                        <Tag color={STRENGTH_COLORS[l.strength]}>{dict.label(RELATIONSHIP_STRENGTHS, String(l.strength))}</Tag>
                      </Tooltip>
                    </Space>
                    {canWrite && (
                      <Popconfirm title={t('relationships.confirmRemove')} onConfirm={() => remove.mutate(l.id)}>
                        <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>
                    )}
                  </div>
                ))}
                {canWrite && (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => openAdd(c.id)}>+ {t('relationships.addShort')}</Button>
                )}
              </div>
            </Card>
          );
        })}
      </div>
      <Modal
        title={t('relationships.add')}
        open={adding !== null}
        onCancel={() => setAdding(null)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="userId" label={t('relationships.ourPerson')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(users.data ?? []).filter((u) => u.status !== 'disabled').map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="contactId" label={t('relationships.theirPerson')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
            <Select options={data.contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))} />
          </Form.Item>
          <Form.Item name="strength" label={t('relationships.strength')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={dict.options(RELATIONSHIP_STRENGTHS)} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
