import { Alert, Button, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUS_LABELS } from '../../../shared/dictionaries';
import { dictLabel } from '../../ui/dict';
import { useSession } from '../auth/session';
import { formatDate } from '../../ui/time';
import type { LeadMatch } from './lead-types';

interface Props {
  matches: LeadMatch[];
  onMerge: () => void;
  onLink: () => void;
  saving?: boolean;
}

const HREF: Record<LeadMatch['kind'], (m: LeadMatch) => string> = {
  lead: (m) => `/leads/${m.id}`,
  account: (m) => `/accounts/${m.id}`,
  contact: (m) => (m.accountId ? `/accounts/${m.accountId}?tab=contacts` : '/contacts'),
};

/** 查重 refused the new lead: who it matches and why, and the two ways on — merge into the open lead, or create and link. */
export function LeadDuplicateAlert({ matches, onMerge, onLink, saving }: Props) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  if (!matches.length) return null;
  // The lead a merge folds into: the one the server marked, so the button can name it (several may share the name).
  const target = matches.find((m) => m.mergeTarget);
  return (
    <Alert
      data-testid="lead-duplicate-alert"
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('leads.duplicates.found', { count: matches.length })}
      description={
        <>
          <ul className="baton-dup-list">
            {matches.map((m) => (
              <li key={`${m.kind}-${m.id}`} data-testid="lead-duplicate-match">
                <Tag>{t(`leads.duplicates.kinds.${m.kind}`)}</Tag>
                <strong>{m.name}</strong>
                <span>{m.reasons.map((r) => <Tag key={r} color="orange">{t(`leads.duplicates.reasons.${r}`)}</Tag>)}</span>
                {m.status && <span className="baton-muted">{dictLabel(LEAD_STATUS_LABELS, m.status, i18n.language)}</span>}
                <span className="baton-muted">
                  {m.ownerId === me.user.id ? t('leads.duplicates.ownedByYou') : m.ownerId ? (m.ownerName ?? t('leads.duplicates.owned')) : m.poolId ? t('leads.duplicates.inPool') : t('leads.duplicates.noOwner')}
                </span>
                {m.createdAt && <span className="baton-muted">{t('leads.duplicates.createdAt', { at: formatDate(m.createdAt) })}</span>}
                {m.mergeTarget && matches.length > 1 && <Tag color="blue">{t('leads.duplicates.mergeTarget')}</Tag>}
                {/* Someone else's record is out of a rep's sight: a link would open "not found". */}
                {!(me.dataScope === 'self' && m.ownerId && m.ownerId !== me.user.id) && <Link to={HREF[m.kind](m)} target="_blank">{t('leads.duplicates.open')}</Link>}
              </li>
            ))}
          </ul>
          <Space style={{ marginTop: 8 }} wrap>
            {target?.mergeable && (
              <Button size="small" type="primary" onClick={onMerge} loading={saving} data-testid="lead-dup-merge">
                {matches.filter((m) => m.kind === 'lead').length > 1 ? t('leads.duplicates.mergeInto', { name: target.name }) : t('leads.duplicates.merge')}
              </Button>
            )}
            <Button size="small" onClick={onLink} loading={saving} data-testid="lead-dup-link">{t('leads.duplicates.link')}</Button>
          </Space>
          <div className="baton-muted" style={{ marginTop: 6, fontSize: 12 }}>{t(target && !target.mergeable ? 'leads.duplicates.notYours' : 'leads.duplicates.hint')}</div>
        </>
      }
    />
  );
}
