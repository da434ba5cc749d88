import { listCurrentStateEvents, listStateAt, findEvent, parsePdu } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';

export interface StrippedEvent {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
  sender: string;
}

/** Human text is cut to a length; an identifier or URL longer than its bound is left out (cut, it would be wrong). */
const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const id = (v: unknown, max = 255): string | undefined => (typeof v === 'string' && v.length <= max ? v : undefined);
const flag = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
const list = <T>(v: unknown, max: number, item: (x: unknown) => T | undefined): T[] | undefined =>
  Array.isArray(v) ? v.slice(0, max).flatMap((x) => (item(x) === undefined ? [] : [item(x)!])) : undefined;
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The spec's recommended stripped state, and for each type the content fields a client uses, each
 * bounded: whatever the room's state holds, an invite or knock carries a few KiB at most.
 */
const STRIPPED_CONTENT: Record<string, (c: Record<string, unknown>) => Record<string, unknown>> = {
  'm.room.create': (c) => ({ room_version: id(c.room_version, 64), type: id(c.type), creator: id(c.creator), 'm.federate': flag(c['m.federate']) }),
  'm.room.join_rules': (c) => ({
    join_rule: id(c.join_rule, 64),
    allow: list(c.allow, 16, (a) => {
      const r = record(a);
      const type = id(r.type, 64);
      return type === undefined ? undefined : { type, ...(id(r.room_id) !== undefined ? { room_id: id(r.room_id) } : {}) };
    }),
  }),
  'm.room.name': (c) => ({ name: text(c.name, 255) }),
  'm.room.avatar': (c) => ({ url: id(c.url, 1024) }),
  'm.room.canonical_alias': (c) => ({ alias: id(c.alias), alt_aliases: list(c.alt_aliases, 16, (a) => id(a)) }),
  'm.room.encryption': (c) => ({ algorithm: id(c.algorithm, 64), rotation_period_ms: int(c.rotation_period_ms), rotation_period_msgs: int(c.rotation_period_msgs) }),
  'm.room.topic': (c) => ({ topic: text(c.topic, 1024) }),
};
const STRIPPED_TYPES = Object.keys(STRIPPED_CONTENT);

/** The user's own membership event (the invite or knock), with its content bounded the same way. */
const memberContent = (c: Record<string, unknown>): Record<string, unknown> => ({
  membership: id(c.membership, 16),
  displayname: text(c.displayname, 256),
  avatar_url: id(c.avatar_url, 1024),
  is_direct: flag(c.is_direct),
  reason: text(c.reason, 1024),
});

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** What an invited or knocking user sees of a room: a few state events and their own membership, each of bounded size. */
export async function strippedState(db: Queryable, roomId: string, membershipEventId: string): Promise<StrippedEvent[]> {
  const own = await findEvent(db, membershipEventId);
  let rows = await listCurrentStateEvents(
    db,
    roomId,
    STRIPPED_TYPES.map((t) => [t, ''] as const),
  );
  // The room as it was at the invite (what Synapse stores with it), not as it is now.
  if (own && rows.some((r) => Number(r.stream) > Number(own.stream))) {
    rows = (await listStateAt(db, roomId, Number(own.stream))).filter((r) => r.state_key === '' && STRIPPED_TYPES.includes(r.type));
  }
  const stripped = rows.map((r) => ({ type: r.type, state_key: '', content: defined(STRIPPED_CONTENT[r.type]!(parsePdu(r).content)), sender: r.sender }));
  if (own) stripped.push({ type: own.type, state_key: own.state_key ?? '', content: defined(memberContent(parsePdu(own).content)), sender: own.sender });
  return stripped;
}
