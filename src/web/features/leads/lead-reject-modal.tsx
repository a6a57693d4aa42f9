import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { REJECTION_REASONS } from '../../../shared/dictionaries';
import { useDict } from '../../ui/dict';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';
import { validFields } from '../../ui/forms';

/** 退回: sales sends the SQL back to nurturing with a reason (reported by count) and a note. */
export function RejectModal({ lead, open, onClose }: { lead: LeadDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dict = useDict();
  const [form] = Form.useForm<{ reason: string; note?: string }>();
  const action = useLeadAction(lead.id);
  const navigate = useNavigate();

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    const res = await action.run('reject', { reason: v.reason, note: v.note || null, version: lead.version }, { success: t('leads.rejected') });
    // The lead goes back to marketing and leaves the rep's queue: their list, not a page they can no longer see.
    if (res.ok) { onClose(); navigate('/leads'); }
  };

  return (
    <Modal
      open={open}
      title={t('leads.actions.reject')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={action.pending}
      okButtonProps={{ danger: true, 'data-testid': 'reject-save' } as never}
      destroyOnHidden
    >
      <p className="baton-muted">{t('leads.rejectHint')}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('leads.rejectReason')} rules={[{ required: true, message: t('validation.choose', { label: t('leads.rejectReason') }) }]}>
          <Select options={dict.options(REJECTION_REASONS)} placeholder={t('common.pleaseSelect')} data-testid="reject-reason" />
        </Form.Item>
        <Form.Item name="note" label={t('leads.rejectNote')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
