import { Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { Alert, Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission, useSession } from '../../auth/session';
import { LEAD_RULE_TABS } from './lead-rule-access';
import { LeadFormsTab } from './lead-forms-tab';
import { PoolsAdminTab } from './pools-admin-tab';
import { RoutingRulesTab } from './routing-rules-tab';
import { ScoringModelTab } from './scoring-model-tab';
import { SlaSettingsTab } from './sla-settings-tab';
import { SqlStandardTab } from './sql-standard-tab';
import { WebhooksTab } from './webhooks-tab';

export default function LeadRulesPage() {
  const { tab } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const denied = (useLocation().state as { denied?: string } | null)?.denied;
  const canManage = hasPermission(me, 'admin.lead_rules');
  const body: Record<string, React.ReactNode> = {
    forms: <LeadFormsTab canManage={canManage} />,
    sql: <SqlStandardTab />,
    pools: <PoolsAdminTab />,
    routing: <RoutingRulesTab canManage={canManage} />,
    scoring: <ScoringModelTab canManage={canManage} />,
    sla: <SlaSettingsTab canManage={canManage} canAssign={hasPermission(me, 'leads.assign')} />,
    webhooks: <WebhooksTab />,
  };
  const tabs = LEAD_RULE_TABS.filter((x) => x.visible(me) && body[x.key] !== undefined);
  if (!tabs.length) return <Navigate to="/leads" replace />;
  const active = tabs.find((x) => x.key === tab)?.key ?? tabs[0].key;
  // A section the user may not open (a link from someone else) says so on the section they land on.
  const isKnown = LEAD_RULE_TABS.some((x) => x.key === tab);
  if (tab !== active) return <Navigate to={`/lead-rules/${active}`} replace state={isKnown ? { denied: tab } : null} />;

  return (
    <div>
      <div className="baton-page-title"><h1>{t('nav.leadRules')}</h1></div>
      {denied && denied !== active && (
        <Alert type="warning" showIcon closable style={{ marginBottom: 12 }} data-testid="rules-denied"
          title={t('leadRules.denied', { section: t(`leadRules.tabs.${denied}`) })} />
      )}
      <Card size="small" styles={{ body: { padding: '0 20px 20px' } }}>
        <Tabs
          activeKey={active}
          onChange={(k) => navigate(`/lead-rules/${k}`)}
          items={tabs.map((x) => ({ key: x.key, label: t(`leadRules.tabs.${x.key}`), children: body[x.key] }))}
          destroyOnHidden
        />
      </Card>
    </div>
  );
}
