import { useQuery } from '@tanstack/react-query';
import type { FieldAccess } from '../../../shared/dictionaries';
import { api, setCsrfToken } from '../../api/client';
import type { Me } from '../../api/types';
import { setWorkspaceTimeZone } from '../../ui/time';

export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>('/auth/me');
  setCsrfToken(me.csrfToken);
  setWorkspaceTimeZone(me.tenant.settings.timeZone);
  return me;
}

/**
 * The session, read again when the window comes back into focus (at most once a minute): an administrator may have
 * changed the workspace's time zone, or the user's role, in the meantime.
 */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, refetchOnWindowFocus: true, retry: false });
}

let lastMe: Me | undefined;

/**
 * The signed-in user; only call below the shell, which renders nothing until /auth/me answered. While the cache is
 * being cleared on sign-out the last answer is kept, so pages on their way out do not crash.
 */
export function useSession(): Me {
  const { data } = useMe();
  if (data) lastMe = data;
  if (!lastMe) throw new Error('useSession outside a signed-in shell');
  return lastMe;
}

export function hasPermission(me: Me | undefined, permission: string): boolean {
  if (!me) return false;
  return me.permissions.includes('*') || me.permissions.includes(permission);
}

export function hasAnyAdmin(me: Me | undefined): boolean {
  return !!me && (me.permissions.includes('*') || me.permissions.some((p) => p.startsWith('admin.') || p === 'audit.read'));
}

/** Field access for the signed-in role; fields a role does not mention are editable. */
export function fieldAccess(me: Me | undefined, entity: 'account' | 'contact', field: string): FieldAccess {
  return me?.fieldPermissions?.[`${entity}.${field}`] ?? 'edit';
}
