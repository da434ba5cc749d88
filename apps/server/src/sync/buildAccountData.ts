import { defaultPushRules, type UserId } from '@parley/protocol';
import { listAccountDataBetween } from '../storage/repos/accountData.ts';
import { matchesFilter } from './EventFilter.ts';
import type { SyncContext } from './SyncContext.ts';

export type AccountDataEvent = { type: string; content: unknown };

export interface AccountDataSections {
  /** The top-level account_data section. */
  global: AccountDataEvent[];
  /** Per room, for the rooms' own account_data sections. */
  rooms: Map<string, AccountDataEvent[]>;
}

/** Account data written in the range, global and per room, each through its filter; no read when none changed. */
export async function buildAccountData(ctx: SyncContext): Promise<AccountDataSections> {
  const rows = ctx.changed('account_data') ? await listAccountDataBetween(ctx.db, ctx.userId, ctx.after, ctx.upTo) : [];
  const rooms = new Map<string, AccountDataEvent[]>();
  const global: AccountDataEvent[] = [];
  for (const a of rows) {
    const ev = { type: a.type, content: JSON.parse(a.content) as Record<string, unknown> };
    if (a.room_id === '') {
      if (matchesFilter(ctx.filter.account_data, ev)) global.push(ev);
    } else {
      let list = rooms.get(a.room_id);
      if (!list) rooms.set(a.room_id, (list = []));
      if (matchesFilter(ctx.filter.room?.account_data, ev)) list.push(ev);
    }
  }
  // A user who never changed a push rule has no m.push_rules row: clients still read the defaults here.
  if (ctx.since === null && !rows.some((a) => a.room_id === '' && a.type === 'm.push_rules')) {
    const pushRules = { type: 'm.push_rules', content: defaultPushRules(ctx.userId as UserId) };
    if (matchesFilter(ctx.filter.account_data, pushRules)) global.push(pushRules);
  }
  return { global, rooms };
}
