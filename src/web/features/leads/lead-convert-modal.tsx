import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES } from '../../../shared/dictionaries';
import { api, isApiError } from '../../api/client';
import type { AccountDetail, AccountMatch } from '../../api/types';
import { useDict } from '../../ui/dict';
import { AccountSelect } from '../accounts/account-select';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';
import { validFields } from '../../ui/forms';

interface Values { buyingRoles: string[]; isPrimary: boolean; accountName?: string }

/** 转化: the SQL becomes account + contact in one step; a similar account found by 查重 can be attached instead. */
export function ConvertModal({ lead, open, onClose }: { lead: LeadDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dict = useDict();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const action = useLeadAction(lead.id);
  const [dups, setDups] = useState<{ matches: AccountMatch[]; canOverride: boolean } | null>(null);
  const [pick, setPick] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const matched = useQuery({
    queryKey: ['accounts', 'detail', lead.matchedAccountId],
    queryFn: () => api.get<AccountDetail>(`/accounts/${lead.matchedAccountId}`),
    enabled: open && !!lead.matchedAccountId,
    retry: false,
  });

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    const accountId = (pick && pick !== '__new' ? pick : null) ?? chosen ?? undefined;
    const res = await action.run<LeadDetail>('convert', {
      version: lead.version,
      ...(accountId ? { accountId } : {}),
      allowSimilar: pick === '__new',
      account: v.accountName ? { name: v.accountName } : {},
      contact: { buyingRoles: v.buyingRoles ?? [], isPrimary: v.isPrimary },
    }, { success: t('leads.convert.done'), expected: ['ACCOUNT_DUPLICATE'] });
    if (res.ok) {
      onClose();
      if (res.data.convertedAccountId) navigate(`/accounts/${res.data.convertedAccountId}`);
      return;
    }
    if (isApiError(res.error, 'ACCOUNT_DUPLICATE')) setDups(res.error.details as { matches: AccountMatch[]; canOverride: boolean });
  };

  return (
    <Modal open={open} title={t('leads.actions.convert')} onCancel={onClose} onOk={() => void submit()} confirmLoading={action.pending}
      okText={t('leads.convert.submit')} width={600} destroyOnHidden okButtonProps={{ 'data-testid': 'convert-save' } as never}>
      <Typography.Paragraph type="secondary">{t('leads.convert.hint')}</Typography.Paragraph>
      {lead.matchedAccountId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('leads.convert.matched')}
          description={<Link to={`/accounts/${lead.matchedAccountId}`} target="_blank">{matched.data?.name ?? lead.matchedAccountId}</Link>}
        />
      )}
      {dups && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="convert-duplicates"
          title={t('leads.convert.similar')}
          description={
            <Radio.Group value={pick} onChange={(e) => setPick(e.target.value as string)}>
              <Space orientation="vertical">
                {dups.matches.map((m) => (
                  <Radio key={m.id} value={m.id}>{t('leads.convert.attachTo', { name: m.name })} {m.ownerName ? ` · ${m.ownerName}` : ''}</Radio>
                ))}
                {dups.canOverride && <Radio value="__new">{t('leads.convert.createAnyway')}</Radio>}
              </Space>
            </Radio.Group>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ buyingRoles: [], isPrimary: true, accountName: lead.company ?? '' }} preserve={false}>
        {!lead.matchedAccountId && (
          <>
            <Form.Item label={t('leads.convert.attachExisting')} extra={t('leads.convert.attachExistingHint')}>
              <AccountSelect value={chosen} onChange={(v) => setChosen(v)} />
            </Form.Item>
            {!chosen && (
              <Form.Item name="accountName" label={t('leads.convert.accountName')}
                rules={[{ required: !lead.company, message: t('validation.required', { label: t('leads.convert.accountName') }) }, { min: 2, message: t('validation.min', { min: 2 }) }]}>
                <Input maxLength={200} />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="buyingRoles" label={t('leads.convert.buyingRoles')}>
          <Select mode="multiple" options={dict.options(BUYING_ROLES)} placeholder={t('common.pleaseSelect')} data-testid="convert-roles" />
        </Form.Item>
        <Form.Item name="isPrimary" valuePropName="checked">
          <Checkbox>{t('leads.convert.isPrimary')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
