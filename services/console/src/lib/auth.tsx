import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { getSession, onSessionChange, type Session } from '../api/session';
import type { Role, User } from '../api/identity';

const Ctx = createContext<Session | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(getSession);
  useEffect(() => onSessionChange(setSession), []);
  return <Ctx.Provider value={session}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);

export function useUser(): User {
  const s = useContext(Ctx);
  if (!s) throw new Error('useUser outside a signed-in area');
  return s.user;
}

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'enterprise':
      return '/portal';
    case 'liaison':
      return '/work';
    case 'city_manager':
    case 'province_manager':
      return '/dashboard';
    case 'admin':
      return '/admin/users';
  }
}
