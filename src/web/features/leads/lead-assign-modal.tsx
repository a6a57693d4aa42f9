import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUserOptions } from '../../ui/queries';
import { hasPermission, useSession } from '../auth/session';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';
import { validFields } from '../../ui/forms';

/** 分配: hand the lead to a rep in the assigner's scope; rule admins may force past leave or capacity. */
export function AssignModal({ lead, open, onClose }: { lead: LeadDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const users = useUserOptions();
  const [form] = Form.useForm<{ ownerId: string; reason?: string; force?: boolean }>();
  const action = useLeadAction(lead.id);

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    const res = await action.run('assign', { ownerId: v.ownerId, reason: v.reason || undefined, force: !!v.force, version: lead.version }, { success: t('leads.assigned') });
    if (res.ok) onClose();
  };

  return (
    <Modal open={open} title={t('leads.actions.assign')} onCancel={onClose} onOk={() => void submit()} confirmLoading={action.pending} destroyOnHidden
      okButtonProps={{ 'data-testid': 'assign-save' } as never}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="ownerId" label={t('leads.fields.owner')} rules={[{ required: true, message: t('validation.required', { label: t('leads.fields.owner') }) }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={users.isLoading}
            // The people whose role works leads (sales), as routing offers them; marketing and customer success are not owners.
            options={(users.data ?? []).filter((u) => u.status !== 'disabled' && u.worksLeads && u.id !== lead.ownerId).map((u) => ({ value: u.id, label: u.name }))}
            placeholder={t('common.pleaseSelect')}
            data-testid="assign-owner"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('leads.reason')}>
          <Input maxLength={500} />
        </Form.Item>
        {hasPermission(me, 'admin.lead_rules') && (
          <Form.Item name="force" valuePropName="checked" extra={t('leads.forceHint')}>
            <Checkbox>{t('leads.force')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
