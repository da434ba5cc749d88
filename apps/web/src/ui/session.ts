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

/** Drafts and the last open room belong to the signed-in user: a shared computer keeps none of them after sign-out. */
export function clearUserState(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('parley.draft.') || key === 'parley.lastRoom') localStorage.removeItem(key);
}
