/** Rule 9 (m.room.power_levels) of the room version 10/11 authorisation rules. */
import { ALLOW, reject, type AuthContext, type AuthResult } from './authTypes.ts';
import { parseUserId } from './ids.ts';

const LEVEL_KEYS = ['users_default', 'events_default', 'state_default', 'ban', 'redact', 'kick', 'invite'] as const;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Present with a value (`undefined` counts as absent, as in JSON). */
const has = (o: Record<string, unknown>, k: string): boolean => o[k] !== undefined && Object.prototype.hasOwnProperty.call(o, k);
const mapAt = (content: Record<string, unknown>, key: string): Record<string, unknown> => {
  const v = content[key];
  return isObject(v) ? v : {};
};

/** Keys of `a` or `b` whose value differs (including added and removed ones). */
function alteredKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !has(a, k) || !has(b, k) || a[k] !== b[k]);
}

const levelOrNull = (o: Record<string, unknown>, k: string): number | null => {
  const v = o[k];
  return has(o, k) && isInt(v) ? v : null;
};

/** Rule 9: m.room.power_levels events. */
export function checkPowerLevelsAuth(ctx: AuthContext): AuthResult {
  const content = ctx.event.content;
  for (const key of LEVEL_KEYS) {
    if (has(content, key) && !isInt(content[key])) return reject('9.1', `${key} is not an integer`);
  }
  for (const key of ['events', 'notifications']) {
    if (!has(content, key)) continue;
    const v = content[key];
    if (!isObject(v) || !Object.values(v).every(isInt)) return reject('9.2', `${key} is not an object of integers`);
  }
  if (has(content, 'users')) {
    const users = content['users'];
    if (!isObject(users)) return reject('9.3', 'users is not an object');
    for (const [userId, level] of Object.entries(users)) {
      if (parseUserId(userId) === null) return reject('9.3', `${userId} is not a valid user ID`);
      if (!isInt(level)) return reject('9.3', `users[${userId}] is not an integer`);
    }
  }
  const old = ctx.powerLevels;
  if (old === undefined) return ALLOW;
  const me = ctx.senderLevel;

  for (const key of LEVEL_KEYS) {
    if (has(old, key) === has(content, key) && old[key] === content[key]) continue;
    const before = levelOrNull(old, key);
    const after = levelOrNull(content, key);
    if (before !== null && before > me) return reject('9.5.1', `current ${key} ${before} is above the sender's level ${me}`);
    if (after !== null && after > me) return reject('9.5.2', `new ${key} ${after} is above the sender's level ${me}`);
  }

  for (const prop of ['events', 'notifications']) {
    const before = mapAt(old, prop);
    const after = mapAt(content, prop);
    for (const k of alteredKeys(before, after)) {
      const b = levelOrNull(before, k);
      if (b !== null && b > me) return reject('9.6.1', `current ${prop}[${k}] ${b} is above the sender's level ${me}`);
    }
    for (const k of alteredKeys(before, after)) {
      const a = levelOrNull(after, k);
      if (a !== null && a > me) return reject('9.7.1', `new ${prop}[${k}] ${a} is above the sender's level ${me}`);
    }
  }

  const beforeUsers = mapAt(old, 'users');
  const afterUsers = mapAt(content, 'users');
  const changedUsers = alteredKeys(beforeUsers, afterUsers);
  for (const userId of changedUsers) {
    if (userId === ctx.event.sender) continue;
    const b = levelOrNull(beforeUsers, userId);
    if (b !== null && b >= me) return reject('9.8.1', `cannot change ${userId}'s level ${b}, which is not below the sender's ${me}`);
  }
  for (const userId of changedUsers) {
    const a = levelOrNull(afterUsers, userId);
    if (a !== null && a > me) return reject('9.9.1', `new level ${a} for ${userId} is above the sender's level ${me}`);
  }
  return ALLOW;
}
