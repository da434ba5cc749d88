// The signed-in session, kept in localStorage so a reload stays signed in.
import type { Session } from '../matrix/AuthApi.ts';

const KEY = 'parley.session';

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return value && value.accessToken && value.userId && value.homeserverUrl === location.origin ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
