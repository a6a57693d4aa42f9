import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';
import { validFields } from '../../ui/forms';

interface Props { lead: LeadDetail; kind: 'return' | 'invalid' | null; onClose: () => void }

/** 放回公海 and 标记无效: both need a reason the history keeps. */
export function ReasonModal({ lead, kind, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const action = useLeadAction(lead.id);
  const label = t('leads.reason');

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    const { reason } = v;
    const res = kind === 'return'
      ? await action.run('return', { reason }, { success: t('leads.returned') })
      : await action.run('invalid', { reason, version: lead.version }, { success: t('leads.markedInvalid') });
    if (res.ok) onClose();
  };

  return (
    <Modal
      open={!!kind}
      title={kind === 'return' ? t('leads.actions.return') : t('leads.actions.invalid')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={action.pending}
      okButtonProps={{ danger: kind === 'invalid', 'data-testid': 'reason-save' } as never}
      destroyOnHidden
    >
      <p className="baton-muted">{kind === 'return' ? t('leads.returnHint') : t('leads.invalidHint')}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={label}
          rules={[
            { required: true, whitespace: true, message: t('validation.required', { label }) },
            { min: 2, message: t('validation.min', { min: 2 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
