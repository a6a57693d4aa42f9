// Who may open 线索设置 and which of its tabs; kept apart from the page so the shell's menu does not load the page.
import type { Me } from '../../../api/types';
import { hasPermission } from '../../auth/session';

const any = (me: Me, ...perms: string[]) => perms.some((p) => hasPermission(me, p));

/** 线索设置 sections in order, each with who may open it. */
export const LEAD_RULE_TABS: { key: string; visible: (me: Me) => boolean }[] = [
  { key: 'forms', visible: (me) => any(me, 'admin.lead_rules', 'leads.read') },
  { key: 'sql', visible: (me) => any(me, 'admin.lead_rules', 'sql_standard.sign_marketing', 'sql_standard.sign_sales', 'leads.qualify', 'leads.accept') },
  { key: 'pools', visible: (me) => any(me, 'admin.pools') },
  { key: 'routing', visible: (me) => any(me, 'admin.lead_rules', 'leads.assign') },
  { key: 'scoring', visible: (me) => any(me, 'admin.lead_rules') },
  { key: 'sla', visible: (me) => any(me, 'admin.lead_rules', 'leads.assign') },
  { key: 'webhooks', visible: (me) => any(me, 'admin.webhooks') },
];

/** Who sees 线索设置 in the menu: anyone who may open one of its tabs (a rep reads the forms and the SQL standard). */
export const canSeeLeadRules = (me: Me) => LEAD_RULE_TABS.some((tab) => tab.visible(me));
