import { Form, Input, Modal, Select, Switch } from 'antd';
import { DatePicker } from '../../ui/date-picker';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_METHODS } from '../../../shared/dictionaries';
import { LogFollowUpInput } from '../../../shared/lead-contracts';
import { useDict } from '../../ui/dict';
import { zodRule } from '../../ui/zod-rule';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';
import { validFields } from '../../ui/forms';
import { fromPicker, pickerNow } from '../../ui/time';

interface Values { method: string; content: string; isValid: boolean; occurredAt?: Dayjs; nextStep?: string }

/** 记录跟进: the first valid one settles the first-touch SLA and can decide a 撞单. */
export function FollowUpModal({ lead, open, onClose }: { lead: LeadDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dict = useDict();
  const [form] = Form.useForm<Values>();
  const action = useLeadAction(lead.id);

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    const res = await action.run('follow-ups', {
      method: v.method, content: v.content, isValid: v.isValid, nextStep: v.nextStep || undefined,
      occurredAt: v.occurredAt ? fromPicker(v.occurredAt) : undefined,
    }, { success: t('leads.followUp.saved'), form });
    if (res.ok) {
      form.resetFields();
      onClose();
    }
  };

  return (
    <Modal
      open={open}
      title={t('leads.actions.followUp')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={action.pending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'followup-save' } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ method: 'call', isValid: true }} preserve={false}>
        <Form.Item name="method" label={t('leads.followUp.method')} rules={[{ required: true }]}>
          <Select options={dict.options(FOLLOW_UP_METHODS)} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('leads.followUp.content')}
          rules={[{ required: true, message: t('validation.required', { label: t('leads.followUp.content') }) }, zodRule(LogFollowUpInput.shape.content)]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="followup-content" />
        </Form.Item>
        <Form.Item name="isValid" label={t('leads.followUp.isValid')} valuePropName="checked" extra={t('leads.followUp.isValidHint')}>
          <Switch />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('leads.followUp.occurredAt')} extra={t('leads.followUp.occurredAtHint')}>
          {/* No 此刻 button: antd fills it from the browser's clock, which is not the workspace's; left empty, the time is now. */}
          <DatePicker showTime showNow={false} disabledDate={(d) => d.isAfter(pickerNow(), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="nextStep" label={t('leads.followUp.nextStep')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
