import { Tag } from 'antd';
import { BUYING_ROLES, STANCES } from '../../../shared/dictionaries';
import { dictLabel } from '../../ui/dict';

export const STANCE_COLORS: Record<string, string> = { support: '#52c41a', neutral: '#bfbfbf', oppose: '#ff4d4f' };
const STANCE_TAG: Record<string, string> = { support: 'success', neutral: 'default', oppose: 'error' };
const ROLE_COLORS: Record<string, string> = {
  user: 'blue', evaluator: 'cyan', budget: 'gold', decision_maker: 'magenta', signer: 'purple',
};

export function BuyingRoleTags({ roles, lang }: { roles: string[] | undefined; lang: string }) {
  return (
    <>
      {(roles ?? []).map((r) => (
        <Tag key={r} color={ROLE_COLORS[r]} style={{ marginInlineEnd: 4 }} data-testid="buying-role">{dictLabel(BUYING_ROLES, r, lang)}</Tag>
      ))}
    </>
  );
}

export function StanceTag({ stance, lang }: { stance: string | null | undefined; lang: string }) {
  if (!stance) return null;
  return <Tag color={STANCE_TAG[stance]} style={{ marginInlineEnd: 0 }}>{dictLabel(STANCES, stance, lang)}</Tag>;
}
