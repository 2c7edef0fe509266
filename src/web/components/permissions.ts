/** What the signed-in user may do, for showing or hiding buttons (the server checks again). */
import { useAuth } from '../auth.tsx';
import type { Permission } from '../../shared/roles.ts';

/** True when the user holds `permission` somewhere (or is the platform admin). */
export function useCan(permission: Permission): boolean {
  const { me } = useAuth();
  if (!me) return false;
  return me.user.isPlatformAdmin || me.permissions.includes(permission);
}
