import assert from 'node:assert/strict';
import type { TestUser } from '../../support/client.ts';

/**
 * The sync folding harness (Zulip's verify_action): snapshot each user's initial
 * /sync, run an action through the API, fold each user's incremental /sync into
 * the snapshot and compare the result with a fresh initial /sync.
 */

/** Timeline limit far above what a test room holds, and left rooms included, so an initial sync is the whole picture. */
export const FOLD_FILTER = JSON.stringify({ room: { timeline: { limit: 100 }, include_leave: true } });

type Json = Record<string, any>;

interface RoomView {
  /** (type, state_key) -> event_id. */
  state: Map<string, string>;
  /** Event IDs in order, or null once a limited timeline made the history incomplete. */
  timeline: string[] | null;
  lastEventId: string | undefined;
  accountData: Map<string, string>;
  summary: { heroes?: string; joined?: number; invited?: number };
  /** Aggregations by target event ID: the server's bundles, then what later timeline events add, as a client keeps them. */
  relations: Map<string, Aggregate>;
  /** What the fold needs of each timeline event seen: who sent it, its type, whether it is state. */
  seen: Map<string, { sender: string; type: string; state: boolean }>;
  /** Sender of each timeline event other than state, so events of users ignored later can be hidden. */
  messageSenders: Map<string, string>;
  /** `receiptType|userId|threadId` -> event ID: where each user's receipt stands (a newer one moves it). */
  receipts: Map<string, string>;
  /** The users typing, as the last m.typing said (sorted JSON). */
  typing: string;
}

interface Aggregate {
  thread?: { count: number; latest: string; participated: boolean };
  replace?: string;
  references: string[];
}

export interface SyncView {
  join: Map<string, RoomView>;
  leave: Map<string, RoomView>;
  /** Room ID -> (type, state_key) -> JSON of the stripped event. */
  invite: Map<string, Map<string, string>>;
  accountData: Map<string, string>;
  nextBatch: string;
  /** The syncing user (for a thread's current_user_participated). */
  userId?: string;
  /** The users m.ignored_user_list names, as last folded. */
  ignored: Set<string>;
  /**
   * Set when a user left m.ignored_user_list: the spec has the client start a fresh /sync (the server
   * does not resend what it withheld), so the folded view is replaced rather than compared.
   */
  needsInitialSync: boolean;
}

const keyOf = (e: Json): string => `${e.type}|${e.state_key ?? ''}`;

function emptyRoom(): RoomView {
  return {
    state: new Map(),
    timeline: [],
    lastEventId: undefined,
    accountData: new Map(),
    summary: {},
    relations: new Map(),
    seen: new Map(),
    messageSenders: new Map(),
    receipts: new Map(),
    typing: '[]',
  };
}

export interface FoldOptions {
  /** Ask for `state_after` (use_state_after=true) instead of `state`. */
  stateAfter?: boolean;
  /** A small timeline limit, to fold limited timelines. */
  timelineLimit?: number;
  /**
   * lazy_load_members: the fold then holds every member event it was ever sent, and a fresh
   * initial sync only the ones its timeline needs; member events are compared for the members
   * the fresh sync names (the client must hold exactly those), other state in full.
   */
  lazy?: boolean;
}

function filterFor(opts: FoldOptions): string {
  if (opts.timelineLimit === undefined && opts.lazy !== true) return FOLD_FILTER;
  return JSON.stringify({
    room: { timeline: { limit: opts.timelineLimit ?? 100 }, include_leave: true, ...(opts.lazy === true ? { state: { lazy_load_members: true } } : {}) },
  });
}

export async function syncOnce(user: TestUser, since?: string, filter = FOLD_FILTER, stateAfter = false): Promise<Json> {
  const q = new URLSearchParams({ timeout: '0', filter });
  if (stateAfter) q.set('use_state_after', 'true');
  if (since !== undefined) q.set('since', since);
  const res = await user.api.get(`/sync?${q}`);
  assert.equal(res.status, 200, `sync failed: ${JSON.stringify(res.body)}`);
  return res.body as Json;
}

/** The aggregations a server bundled with an event (unsigned.m.relations). */
function aggregateOf(bundle: Json): Aggregate {
  const agg: Aggregate = { references: (bundle['m.reference']?.chunk ?? []).map((r: Json) => r.event_id) };
  const thread = bundle['m.thread'];
  if (thread) agg.thread = { count: thread.count, latest: thread.latest_event.event_id, participated: thread.current_user_participated };
  if (bundle['m.replace']) agg.replace = bundle['m.replace'].event_id;
  return agg;
}

/**
 * Relations as a client folds them: an event's bundle says where its aggregations stood at the
 * response's position, so relating events in the same response are already counted; relating
 * events to older targets add to what the client holds (a thread reply, a valid edit, a reference).
 */
function applyRelations(view: RoomView, events: Json[], userId: string | undefined): void {
  const inResponse = new Set(events.map((e) => e.event_id));
  for (const e of events) {
    view.seen.set(e.event_id, { sender: e.sender, type: e.type, state: e.state_key !== undefined });
    const bundle = e.unsigned?.['m.relations'];
    if (bundle) view.relations.set(e.event_id, aggregateOf(bundle));
  }
  for (const e of events) {
    const rel = e.content?.['m.relates_to'];
    if (typeof rel?.rel_type !== 'string' || typeof rel.event_id !== 'string' || inResponse.has(rel.event_id)) continue;
    const target = view.seen.get(rel.event_id);
    let agg = view.relations.get(rel.event_id);
    if (!agg) view.relations.set(rel.event_id, (agg = { references: [] }));
    if (rel.rel_type === 'm.thread') {
      const participated = agg.thread?.participated === true || e.sender === userId || target?.sender === userId;
      agg.thread = { count: (agg.thread?.count ?? 0) + 1, latest: e.event_id, participated };
    } else if (rel.rel_type === 'm.replace') {
      if (target && target.sender === e.sender && target.type === e.type && !target.state && e.content['m.new_content']) agg.replace = e.event_id;
    } else if (rel.rel_type === 'm.reference') agg.references.push(e.event_id);
  }
}

function applyRoom(view: RoomView, entry: Json, userId?: string): void {
  // With state_after the client takes state from it alone, never from the timeline.
  const stateAfter = entry.state_after !== undefined;
  assert.ok(!(stateAfter && entry.state !== undefined), 'state and state_after together');
  for (const e of (stateAfter ? entry.state_after.events : entry.state?.events) ?? []) view.state.set(keyOf(e), e.event_id);
  const events: Json[] = entry.timeline?.events ?? [];
  // A limited timeline leaves a gap: from then on only the latest event is compared.
  if (entry.timeline?.limited) view.timeline = null;
  for (const e of events) {
    if (e.state_key !== undefined && !stateAfter) view.state.set(keyOf(e), e.event_id);
    if (e.state_key === undefined) view.messageSenders.set(e.event_id, e.sender);
    if (view.timeline) view.timeline.push(e.event_id);
  }
  if (events.length > 0) view.lastEventId = events[events.length - 1]!.event_id;
  applyRelations(view, events, userId);
  for (const a of entry.account_data?.events ?? []) view.accountData.set(a.type, JSON.stringify(a.content));
  for (const e of entry.ephemeral?.events ?? []) {
    if (e.type === 'm.typing') view.typing = JSON.stringify([...e.content.user_ids].sort());
    if (e.type !== 'm.receipt') continue;
    for (const [eventId, byType] of Object.entries<Json>(e.content)) {
      for (const [receiptType, byUser] of Object.entries<Json>(byType)) {
        for (const [userId, r] of Object.entries<Json>(byUser)) view.receipts.set(`${receiptType}|${userId}|${r.thread_id ?? ''}`, eventId);
      }
    }
  }
  const s = entry.summary ?? {};
  if (s['m.heroes'] !== undefined) view.summary.heroes = JSON.stringify(s['m.heroes']);
  if (s['m.joined_member_count'] !== undefined) view.summary.joined = s['m.joined_member_count'];
  if (s['m.invited_member_count'] !== undefined) view.summary.invited = s['m.invited_member_count'];
}

/** Folds one /sync response (initial or incremental) into a view, as a client would. */
export function foldSync(view: SyncView, body: Json): SyncView {
  for (const [roomId, entry] of Object.entries<Json>(body.rooms?.join ?? {})) {
    let room = view.join.get(roomId);
    if (!room) {
      // Moving in from invite or leave: a newly joined room comes whole.
      room = emptyRoom();
      view.join.set(roomId, room);
    }
    view.invite.delete(roomId);
    view.leave.delete(roomId);
    applyRoom(room, entry, view.userId);
  }
  for (const [roomId, entry] of Object.entries<Json>(body.rooms?.invite ?? {})) {
    const stripped = new Map<string, string>();
    for (const e of entry.invite_state?.events ?? []) stripped.set(keyOf(e), JSON.stringify({ sender: e.sender, content: e.content }));
    view.invite.set(roomId, stripped);
    view.join.delete(roomId);
    view.leave.delete(roomId);
  }
  for (const [roomId, entry] of Object.entries<Json>(body.rooms?.leave ?? {})) {
    // Leaving a joined room continues its history; a room never joined starts empty.
    const room = view.join.get(roomId) ?? view.leave.get(roomId) ?? emptyRoom();
    view.join.delete(roomId);
    view.invite.delete(roomId);
    room.summary = {}; // the spec's leave sections carry no summary
    view.leave.set(roomId, room);
    applyRoom(room, entry, view.userId);
  }
  for (const a of body.account_data?.events ?? []) view.accountData.set(a.type, JSON.stringify(a.content));
  const ignoredList = (body.account_data?.events ?? []).find((a: Json) => a.type === 'm.ignored_user_list');
  if (ignoredList) applyIgnoredUsers(view, new Set(Object.keys(ignoredList.content?.ignored_users ?? {})));
  view.nextBatch = body.next_batch;
  return view;
}

/**
 * What the spec asks of a client when m.ignored_user_list changes: hide what newly ignored users
 * sent (state stays), and start a fresh /sync when someone is no longer ignored.
 */
function applyIgnoredUsers(view: SyncView, ignored: Set<string>): void {
  if ([...view.ignored].some((u) => !ignored.has(u))) view.needsInitialSync = true;
  view.ignored = ignored;
  for (const room of [...view.join.values(), ...view.leave.values()]) {
    const hidden = (id: string): boolean => ignored.has(room.messageSenders.get(id) ?? '');
    if (room.timeline) {
      room.timeline = room.timeline.filter((id) => !hidden(id));
      if (room.lastEventId !== undefined && hidden(room.lastEventId)) room.lastEventId = room.timeline.at(-1);
    }
  }
}

export function viewOf(initial: Json, userId?: string): SyncView {
  return foldSync(
    {
      join: new Map(),
      leave: new Map(),
      invite: new Map(),
      accountData: new Map(),
      nextBatch: '',
      ignored: new Set(),
      needsInitialSync: false,
      ...(userId !== undefined ? { userId } : {}),
    },
    initial,
  );
}

function membershipOf(room: RoomView, userId: string, events: Map<string, Json>): string | undefined {
  const id = room.state.get(`m.room.member|${userId}`);
  return id ? events.get(id)?.content?.membership : undefined;
}

/**
 * A comparable plain form of a view; whole timelines are compared where both sides hold a complete one (no gaps, no duplicates).
 * `membersOf`: with lazy loading, the member events to compare in a room (those the fresh view holds).
 */
function plain(view: SyncView, other: SyncView, membersOf?: (section: 'join' | 'leave', roomId: string) => Set<string>): Json {
  const rooms = (m: Map<string, RoomView>, o: Map<string, RoomView>, section: 'join' | 'leave'): Json =>
    Object.fromEntries(
      [...m.entries()].sort().map(([id, r]) => {
        const peer = o.get(id);
        const bothComplete = r.timeline !== null && peer?.timeline !== null && peer !== undefined;
        const members = membersOf?.(section, id);
        const compared = [...r.state.entries()].filter(([k]) => !members || !k.startsWith('m.room.member|') || members.has(k));
        return [
          id,
          {
            state: Object.fromEntries(compared.sort()),
            lastEventId: r.lastEventId,
            ...(bothComplete ? { timeline: r.timeline } : {}),
            ...(bothComplete ? { relations: Object.fromEntries([...r.relations.entries()].filter(([, a]) => a.thread || a.replace || a.references.length > 0).sort()) } : {}),
            accountData: Object.fromEntries([...r.accountData.entries()].sort()),
            summary: r.summary,
            receipts: Object.fromEntries([...r.receipts.entries()].sort()),
            typing: r.typing,
          },
        ];
      }),
    );
  return {
    join: rooms(view.join, other.join, 'join'),
    leave: rooms(view.leave, other.leave, 'leave'),
    invite: Object.fromEntries([...view.invite.entries()].sort().map(([id, s]) => [id, Object.fromEntries([...s.entries()].sort())])),
    accountData: Object.fromEntries([...view.accountData.entries()].sort()),
  };
}

export function assertSameView(folded: SyncView, fresh: SyncView, who: string, lazy = false): void {
  // Lazy loading: the members the fresh sync sends must be in the fold as they are there; others the fold may hold from before.
  const membersOf = lazy
    ? (section: 'join' | 'leave', roomId: string): Set<string> => new Set([...(fresh[section].get(roomId)?.state.keys() ?? [])].filter((k) => k.startsWith('m.room.member|')))
    : undefined;
  assert.deepEqual(plain(folded, fresh, membersOf), plain(fresh, folded, membersOf), `folded /sync differs from a fresh initial /sync for ${who}`);
}

export interface FoldResult {
  /** Each user's incremental response, by user ID, for scenario-specific assertions. */
  incremental: Map<string, Json>;
  /** Each user's fresh initial response. */
  fresh: Map<string, Json>;
  /** The users whose client had to start a fresh /sync (someone left their ignore list), so their fold was not compared. */
  resynced: Set<string>;
  /** Membership of `userId` in `roomId` as the folded view has it. */
  membership(viewer: TestUser, roomId: string): string | undefined;
  /** Which section ('join', 'invite', 'leave') holds the room in the viewer's folded view. */
  section(viewer: TestUser, roomId: string): 'join' | 'invite' | 'leave' | undefined;
}

/**
 * Runs `action` between a snapshot and an incremental sync for every user, folds,
 * and asserts the folded views equal fresh initial syncs.
 */
export async function verifyAction(users: TestUser[], action: () => Promise<unknown>, opts: FoldOptions = {}): Promise<FoldResult> {
  const filter = filterFor(opts);
  const stateAfter = opts.stateAfter === true;
  const views = new Map<string, SyncView>();
  const eventsSeen = new Map<string, Map<string, Json>>();
  const remember = (userId: string, body: Json): void => {
    let m = eventsSeen.get(userId);
    if (!m) eventsSeen.set(userId, (m = new Map()));
    for (const section of ['join', 'leave'] as const) {
      for (const entry of Object.values<Json>(body.rooms?.[section] ?? {})) {
        for (const e of [...(entry.state?.events ?? []), ...(entry.state_after?.events ?? []), ...(entry.timeline?.events ?? [])]) m.set(e.event_id, e);
      }
    }
  };
  for (const u of users) {
    const initial = await syncOnce(u, undefined, filter, stateAfter);
    remember(u.userId, initial);
    views.set(u.userId, viewOf(initial, u.userId));
  }
  await action();
  const incremental = new Map<string, Json>();
  const fresh = new Map<string, Json>();
  const resynced = new Set<string>();
  for (const u of users) {
    const view = views.get(u.userId)!;
    const inc = await syncOnce(u, view.nextBatch, filter, stateAfter);
    remember(u.userId, inc);
    incremental.set(u.userId, inc);
    foldSync(view, inc);
    const again = await syncOnce(u, undefined, filter, stateAfter);
    fresh.set(u.userId, again);
    if (view.needsInitialSync) {
      resynced.add(u.userId);
      views.set(u.userId, viewOf(again, u.userId));
      continue;
    }
    assertSameView(view, viewOf(again, u.userId), u.userId, opts.lazy === true);
  }
  return {
    incremental,
    fresh,
    resynced,
    membership: (viewer, roomId) => {
      const view = views.get(viewer.userId)!;
      const room = view.join.get(roomId) ?? view.leave.get(roomId);
      return room ? membershipOf(room, viewer.userId, eventsSeen.get(viewer.userId)!) : view.invite.has(roomId) ? 'invite' : undefined;
    },
    section: (viewer, roomId) => {
      const view = views.get(viewer.userId)!;
      if (view.join.has(roomId)) return 'join';
      if (view.invite.has(roomId)) return 'invite';
      if (view.leave.has(roomId)) return 'leave';
      return undefined;
    },
  };
}
