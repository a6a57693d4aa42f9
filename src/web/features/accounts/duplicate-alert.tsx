import { Alert, Button, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AccountMatch } from '../../api/types';
import { RelativeTime } from './account-format';

interface Props {
  matches: AccountMatch[];
  /** Shown after a refused save (409), rather than while typing. */
  blocked?: boolean;
  canOverride?: boolean;
  onOverride?: () => void;
  overriding?: boolean;
}

/** 查重 result: who already has this customer, why it matches, and whether it may still be created. */
export function DuplicateAlert({ matches, blocked, canOverride, onOverride, overriding }: Props) {
  const { t } = useTranslation();
  if (!matches.length) return null;
  const hasHard = matches.some((m) => m.isHard);
  const reason = (m: AccountMatch, r: AccountMatch['reasons'][number]) =>
    r === 'similar_name' ? t('duplicates.reasons.similar_name', { pct: Math.round(m.similarity * 100) }) : t(`duplicates.reasons.${r}`);

  return (
    <Alert
      data-testid="duplicate-alert"
      type={blocked ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      title={blocked
        ? (canOverride ? t('duplicates.blockedSimilar') : t('duplicates.blockedHard'))
        : (hasHard ? t('duplicates.foundHard', { n: matches.length }) : t('duplicates.found', { n: matches.length }))}
      description={
        <ul className="baton-dup-list">
          {matches.map((m) => (
            <li key={m.id} data-testid="duplicate-match">
              <strong>{m.name}</strong>
              <span>{m.reasons.map((r) => <Tag key={r} color={m.isHard ? 'red' : 'orange'}>{reason(m, r)}</Tag>)}</span>
              <span className="baton-muted">{t('duplicates.owner')}：{m.ownerName ?? t('duplicates.noOwner')}</span>
              <span className="baton-muted">{t('duplicates.updated')}：<RelativeTime value={m.updatedAt} /></span>
              {m.canOpen && <Link to={`/accounts/${m.id}`} target="_blank">{t('duplicates.open')}</Link>}
            </li>
          ))}
        </ul>
      }
      action={blocked && canOverride && onOverride ? (
        <Button size="small" danger onClick={onOverride} loading={overriding} data-testid="dup-override">{t('duplicates.createAnyway')}</Button>
      ) : undefined}
    />
  );
}
