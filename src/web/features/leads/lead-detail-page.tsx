import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Breadcrumb, Button, Card, Space, Tabs, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { OPEN_LEAD_STATUSES, type LeadStatus } from '../../../shared/lead-statuses';
import { isApiError } from '../../api/client';
import { ErrorAlert, NotFoundResult, PageLoading } from '../../ui/feedback';
import { hasPermission, useSession } from '../auth/session';
import { useLead } from './lead-api';
import { LeadActions, mustClaimFirst } from './lead-actions';
import { pickText, ScoreCell, SlaTag, sourceText, StatusTag, TierTag } from './lead-format';
import { formatDateTime } from '../../ui/time';
import { LeadChecklistTab } from './lead-checklist-tab';
import { LeadFollowUpsTab, LeadOwnershipTab, LeadTouchesTab } from './lead-history-tabs';
import { LeadProfileTab } from './lead-profile-tab';
import { LeadScoreTab } from './lead-score-tab';

const TABS = ['score', 'touches', 'followUps', 'checklist', 'ownership', 'profile'] as const;

export default function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const lead = useLead(id);
  const navigate = useNavigate();
  const tab = TABS.includes(params.get('tab') as never) ? params.get('tab')! : 'score';

  if (lead.isLoading) return <PageLoading />;
  if (lead.isError) {
    // Most often a notice or a link about a lead that has since moved on: handed to someone else, or back in a pool.
    if (isApiError(lead.error, 'NOT_FOUND')) {
      return (
        <NotFoundResult
          subTitle={t('leads.notFound')}
          extra={[
            <Button key="list" type="primary" onClick={() => navigate('/leads')}>{t('leads.backToList')}</Button>,
            <Button key="pools" onClick={() => navigate('/pools')}>{t('leads.toPools')}</Button>,
          ]}
        />
      );
    }
    return <ErrorAlert error={lead.error} onRetry={() => void lead.refetch()} />;
  }
  const l = lead.data!;
  // "负责人：王强", or "公海：公共线索池" for a lead waiting in a pool (not "负责人：公海：…").
  const owner = !l.ownerName && l.poolName
    ? t('leads.inPool', { pool: l.poolName })
    : `${t('leads.fields.owner')}${t('common.colon')}${l.ownerName ?? t('leads.unrouted')}`;

  return (
    <div>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/leads">{t('nav.leads')}</Link> }, { title: l.name }]} />
      <Card size="small" styles={{ body: { padding: '16px 20px' } }} style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center" style={{ display: 'flex' }}>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="lead-title">{l.name}</Typography.Title>
              {l.company && <Typography.Text type="secondary">{l.company}</Typography.Text>}
              <TierTag tier={l.tier} />
              <StatusTag status={l.status} />
              {l.slaState !== 'none' && <SlaTag lead={l} />}
            </Space>
            <Space size={20} wrap style={{ display: 'flex', marginTop: 8, color: '#646a73' }}>
              <span>{t('leads.fields.score')}{t('common.colon')}<ScoreCell score={l.score} tier={l.tier} /></span>
              <Tooltip title={pickText(l.assignmentReason, lang) || undefined}>
                <span data-testid="lead-owner">{owner}</span>
              </Tooltip>
              <span>{t('leads.fields.source')}{t('common.colon')}{sourceText(l.sourceType, l.source, lang)}{l.channel ? ` · ${l.channel}` : ''}</span>
              {/* The first-touch deadline while it still asks something of the owner; met or closed, the SLA tab keeps it. */}
              {l.slaDueAt && ['on_track', 'warning', 'breached'].includes(l.slaState ?? '') && !l.firstTouchedAt && OPEN_LEAD_STATUSES.includes(l.status as LeadStatus) && (
                <span>{t('leads.sla.deadline', { at: formatDateTime(l.slaDueAt) })}</span>
              )}
              {l.convertedAccountId && <Link to={`/accounts/${l.convertedAccountId}`}>{t('leads.convert.openAccount')}</Link>}
              {l.duplicateOf && (
                <span data-testid="lead-duplicate-of">{t('leads.duplicateOf')}{t('common.colon')}<Link to={`/leads/${l.duplicateOf.id}`}>{l.duplicateOf.label}</Link></span>
              )}
            </Space>
          </div>
          <LeadActions lead={l} />
        </div>
      </Card>
      <Card size="small" styles={{ body: { padding: '0 20px 20px' } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'score' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'score', label: t('leads.tabs.score'), children: <LeadScoreTab lead={l} /> },
            { key: 'touches', label: `${t('leads.tabs.touches')} ${l.touches.length || ''}`.trim(), children: <LeadTouchesTab lead={l} /> },
            { key: 'followUps', label: `${t('leads.tabs.followUps')} ${l.followUps.length || ''}`.trim(), children: <LeadFollowUpsTab lead={l} /> },
            { key: 'checklist', label: t('leads.tabs.checklist'), children: <LeadChecklistTab lead={l} /> },
            { key: 'ownership', label: t('leads.tabs.ownership'), children: <LeadOwnershipTab lead={l} /> },
            { key: 'profile', label: t('leads.tabs.profile'), children: <LeadProfileTab lead={l} canEdit={hasPermission(me, 'leads.write') && !mustClaimFirst(me, l)} /> },
          ]}
        />
      </Card>
    </div>
  );
}
