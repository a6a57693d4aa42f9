// The workspace's one time zone, where a page needs to say which zone its times and days are in.
import { Link } from 'react-router';
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { hasPermission, useSession } from '../features/auth/session';
import { foreignZoneNote } from './time';

/** Under a rule that counts days: whose zone it is, and where an administrator changes it. */
export function WorkspaceZoneHint() {
  const { t } = useTranslation();
  const me = useSession();
  return hasPermission(me, 'admin.workspace')
    ? <>{t('workspace.zoneHint')} <Link to="/admin/workspace">{t('workspace.changeZone')}</Link></>
    : <>{t('workspace.zoneHintReadOnly')}</>;
}

/** In the header, only for a browser whose clock differs from the workspace's: every time on screen is the workspace's. */
export function ForeignZoneTag() {
  const { t } = useTranslation();
  const note = foreignZoneNote();
  if (!note) return null;
  return (
    <Tooltip title={t('workspace.foreignZoneHint')}>
      <Tag icon={<ClockCircleOutlined />} data-testid="workspace-zone-tag">{t('workspace.foreignZone', note)}</Tag>
    </Tooltip>
  );
}
