import { useState } from 'react';
import { App, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ErrorBody } from '../../../shared/errors';
import { useUserOptions } from '../../ui/queries';
import { errorMessage } from '../../ui/feedback';
import { localizeMessage } from '../../i18n';
import { hasPermission, useSession } from '../auth/session';
import { useLeadAction } from './use-lead-action';
import { leadKeys } from './lead-api';
import type { Lead, LeadDetail } from './lead-types';
import { validFields } from '../../ui/forms';

interface AssignValues { ownerId: string; reason?: string; force?: boolean }

/** The owner, the reason and (for rule admins) forcing past leave or capacity: one form for one lead or several. */
function AssignFields({ exceptOwnerId }: { exceptOwnerId?: string | null }) {
  const { t } = useTranslation();
  const me = useSession();
  const users = useUserOptions();
  return (
    <>
      <Form.Item name="ownerId" label={t('leads.fields.owner')} rules={[{ required: true, message: t('validation.required', { label: t('leads.fields.owner') }) }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isLoading}
          // The people whose role works leads (sales), as routing offers them; marketing and customer success are not owners.
          options={(users.data ?? []).filter((u) => u.status !== 'disabled' && u.worksLeads && u.id !== exceptOwnerId).map((u) => ({ value: u.id, label: u.name }))}
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
    </>
  );
}

/** 分配: hand the lead to a rep in the assigner's scope; rule admins may force past leave or capacity. */
export function AssignModal({ lead, open, onClose }: { lead: LeadDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssignValues>();
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
        <AssignFields exceptOwnerId={lead.ownerId} />
      </Form>
    </Modal>
  );
}

interface BulkOutcome { id: string; ok: boolean; error?: ErrorBody }

/** The why of a lead that did not move: the code's message, and the reason it came with when there is one. */
function whyNot(error: ErrorBody | undefined): string {
  const reason = (error?.details as { reason?: string | { zh: string; en: string } } | undefined)?.reason;
  const why = typeof reason === 'string' ? localizeMessage(reason) : reason?.zh ? localizeMessage(`${reason.zh} / ${reason.en}`) : null;
  return why ? `${error?.message ?? ''}（${why}）` : error?.message ?? '';
}

/**
 * 批量分配: the selected leads to one rep, each on its own. What moved is counted; what did not is listed by name with
 * its reason, and stays selected so it can be sent elsewhere.
 */
export function BulkAssignModal({ leads, open, onClose }: { leads: Lead[]; open: boolean; onClose: (stillSelected: string[]) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AssignValues>();
  const [pending, setPending] = useState(false);

  const submit = async () => {
    const v = await validFields(form);
    if (!v) return;
    setPending(true);
    try {
      const res = await api.post<{ outcomes: BulkOutcome[]; summary: { assigned: number; failed: number } }>('/leads/assign',
        { ids: leads.map((l) => l.id), ownerId: v.ownerId, reason: v.reason || undefined, force: !!v.force });
      await queryClient.invalidateQueries({ queryKey: leadKeys.all });
      const failed = res.outcomes.filter((o) => !o.ok);
      if (res.summary.assigned) message.success(t('leads.bulkAssigned', { count: res.summary.assigned }));
      if (failed.length) {
        const name = (id: string) => leads.find((l) => l.id === id)?.name ?? id;
        modal.warning({
          title: t('leads.bulkNotAssigned', { count: failed.length }),
          content: <ul style={{ paddingInlineStart: 18, margin: 0 }}>{failed.map((o) => <li key={o.id}><Typography.Text strong>{name(o.id)}</Typography.Text>：{whyNot(o.error)}</li>)}</ul>,
        });
      }
      onClose(failed.map((o) => o.id));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal open={open} title={t('leads.bulkAssignTitle', { count: leads.length })} onCancel={() => onClose(leads.map((l) => l.id))} onOk={() => void submit()}
      confirmLoading={pending} destroyOnHidden okButtonProps={{ 'data-testid': 'bulk-assign-save' } as never}>
      <Form form={form} layout="vertical" preserve={false}>
        <AssignFields />
      </Form>
    </Modal>
  );
}
