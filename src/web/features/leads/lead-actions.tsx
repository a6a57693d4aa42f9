import { useState } from 'react';
import { Alert, Button, Popconfirm, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  CheckOutlined, CloseOutlined, ExportOutlined, MessageOutlined, RollbackOutlined, SendOutlined, StopOutlined, SwapOutlined, UserAddOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { OPEN_LEAD_STATUSES } from '../../../shared/lead-statuses';
import { api, isApiError } from '../../api/client';
import { hasPermission, useSession } from '../auth/session';
import { pickText } from './lead-format';
import { AssignModal } from './lead-assign-modal';
import { ConvertModal } from './lead-convert-modal';
import { FollowUpModal } from './lead-followup-modal';
import { HandOverModal } from './lead-handover-modal';
import { ReasonModal } from './lead-reason-modal';
import { RejectModal } from './lead-reject-modal';
import { useLeadAction } from './use-lead-action';
import type { LeadDetail } from './lead-types';
import type { Me } from '../../api/types';

type ModalKind = 'followUp' | 'handOver' | 'reject' | 'convert' | 'assign' | 'return' | 'invalid' | null;

export interface ClaimRefusal { code: string; message: { zh: string; en: string }; availableAt: string | null }

/** A pool's leads are there to be claimed: until then a member may not change one (the server answers CLAIM_FIRST). */
export function mustClaimFirst(me: Me, lead: Pick<LeadDetail, 'ownerId' | 'poolId'>): boolean {
  return !lead.ownerId && !!lead.poolId && me.dataScope !== 'all' && !hasPermission(me, 'leads.assign');
}

/** The actions the lead's status and the user's permissions allow, each with its dialog. */
export function LeadActions({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const can = (p: string) => hasPermission(me, p);
  const action = useLeadAction(lead.id);
  const [modal, setModal] = useState<ModalKind>(null);
  const [refusal, setRefusal] = useState<ClaimRefusal | null>(null);
  const isOpen = OPEN_LEAD_STATUSES.includes(lead.status);
  const mine = lead.ownerId === me.user.id;
  const close = () => setModal(null);

  const claim = async () => {
    setRefusal(null);
    const res = await action.run('claim', {}, { success: t('leads.claimed'), expected: ['CLAIM_REFUSED'] });
    if (!res.ok && isApiError(res.error, 'CLAIM_REFUSED')) setRefusal(res.error.details as ClaimRefusal);
  };
  const accept = () => void action.run('accept', { version: lead.version }, { success: t('leads.accepted') });

  const mustClaim = mustClaimFirst(me, lead);
  // An SQL awaiting sales is accepted or rejected (with a reason) first; the server refuses returning or closing it.
  const awaitsSales = lead.status === 'sql' && !lead.acceptedAt;
  const show = {
    followUp: isOpen && !!lead.ownerId && can('leads.write') && (mine || can('leads.assign')),
    handOver: ['new', 'nurturing', 'mql'].includes(lead.status) && can('leads.qualify') && !mustClaim,
    accept: lead.status === 'sql' && !lead.acceptedAt && can('leads.accept'),
    convert: lead.status === 'sql' && can('leads.convert'),
    claim: isOpen && !lead.ownerId && !!lead.poolId && can('pools.claim'),
    return: isOpen && !awaitsSales && !!lead.ownerId && ((mine && can('leads.write')) || can('leads.assign')),
    assign: isOpen && can('leads.assign'),
    invalid: isOpen && !awaitsSales && can('leads.write') && !mustClaim,
  };

  // A claim certain to be refused (cool-down, daily limit, capacity, leave) is not offered: the button is disabled and
  // the reason shown before anyone clicks.
  const claimCheck = useQuery({
    queryKey: ['leads', 'claim-check', lead.id, lead.version],
    queryFn: () => api.get<{ ok: true } | ({ ok: false } & ClaimRefusal)>(`/leads/${lead.id}/claim-check`),
    enabled: show.claim,
  });
  const blocked = claimCheck.data && !claimCheck.data.ok ? claimCheck.data : null;
  const shownRefusal = refusal ?? blocked;

  return (
    <>
      <Space wrap data-testid="lead-actions">
        {show.followUp && <Button type="primary" icon={<MessageOutlined />} onClick={() => setModal('followUp')} data-testid="action-followup">{t('leads.actions.followUp')}</Button>}
        {show.claim && <Button type="primary" icon={<UserAddOutlined />} loading={action.pending} disabled={!!blocked} onClick={() => void claim()} data-testid="action-claim">{t('leads.actions.claim')}</Button>}
        {show.handOver && <Button icon={<SendOutlined />} onClick={() => setModal('handOver')} data-testid="action-handover">{t('leads.actions.handOver')}</Button>}
        {show.accept && (
          <Popconfirm title={t('leads.confirmAccept')} onConfirm={accept}>
            <Button type="primary" icon={<CheckOutlined />} loading={action.pending} data-testid="action-accept">{t('leads.actions.accept')}</Button>
          </Popconfirm>
        )}
        {show.accept && <Button danger icon={<CloseOutlined />} onClick={() => setModal('reject')} data-testid="action-reject">{t('leads.actions.reject')}</Button>}
        {show.convert && <Button type={show.accept ? 'default' : 'primary'} icon={<ExportOutlined />} onClick={() => setModal('convert')} data-testid="action-convert">{t('leads.actions.convert')}</Button>}
        {show.assign && <Button icon={<SwapOutlined />} onClick={() => setModal('assign')} data-testid="action-assign">{t('leads.actions.assign')}</Button>}
        {show.return && <Button icon={<RollbackOutlined />} onClick={() => setModal('return')} data-testid="action-return">{t('leads.actions.return')}</Button>}
        {show.invalid && <Button danger type="text" icon={<StopOutlined />} onClick={() => setModal('invalid')} data-testid="action-invalid">{t('leads.actions.invalid')}</Button>}
      </Space>
      {shownRefusal && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setRefusal(null) }}
          style={{ marginTop: 8 }}
          data-testid="claim-refusal"
          title={t('leads.claimRefused')}
          description={pickText(shownRefusal.message, i18n.language)}
        />
      )}
      <FollowUpModal lead={lead} open={modal === 'followUp'} onClose={close} />
      <HandOverModal lead={lead} open={modal === 'handOver'} onClose={close} />
      <RejectModal lead={lead} open={modal === 'reject'} onClose={close} />
      <ConvertModal lead={lead} open={modal === 'convert'} onClose={close} />
      <AssignModal lead={lead} open={modal === 'assign'} onClose={close} />
      <ReasonModal lead={lead} kind={modal === 'return' || modal === 'invalid' ? modal : null} onClose={close} />
    </>
  );
}
