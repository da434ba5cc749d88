import type { Logger } from 'pino';
import { evaluatePushRules, notificationsPowerLevel, userPowerLevel, type Pdu, type PushRuleset, type RoomVersion } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { FeedSubscriber } from '../feed/FeedSubscriber.ts';
import type { StreamChange } from '../feed/StreamChange.ts';
import { findCurrentStateEvent, listCurrentStateEvents, listEventsByIds, parsePdu } from '../storage/repos/events.ts';
import { listRoomMemberIds } from '../storage/repos/memberships.ts';
import { insertPushActions, lockPushEvaluationPosition, findPushEvaluationPosition, updatePushEvaluationPosition, type PushActionRow } from '../storage/repos/pushActions.ts';
import { listPushRuleRowsOf } from '../storage/repos/pushRules.ts';
import { listGlobalAccountDataOf } from '../storage/repos/accountData.ts';
import { addPushCounts, listRoomReadPositions, type PushCountRow } from '../storage/repos/pushCounts.ts';
import { listThreadRootsOf } from '../storage/repos/relations.ts';
import { findRoom } from '../storage/repos/rooms.ts';
import { listStreamChangesAfter } from '../storage/repos/streamChanges.ts';
import type { Tx } from '../storage/schema.ts';
import { rulesetOf } from './rulesetOf.ts';

/** Commits read per evaluation transaction. */
const BATCH = 100;
/** Users whose rulesets stay cached (a ruleset is a few KB: the defaults plus the user's own rules). */
export const MAX_CACHED_RULESETS = 20_000;
/** Rooms whose facts (members, power levels, display names) stay cached between runs. */
const MAX_CACHED_ROOMS = 1_000;
/** After a failed run, the next try. */
const RETRY_MS = 1000;

type EventChange = Extract<StreamChange, { kind: 'room_event' | 'state' | 'membership' }>;

/**
 * Evaluates push rules for every new event, off the send's path (docs/architecture.md, "Push
 * evaluation and unread counts"). A feed subscriber: a commit with an event that concerns
 * someone besides its sender schedules a run; a run takes the one evaluation cursor under a
 * row lock (so, with several nodes, each event is evaluated once, by whichever node gets
 * there first), reads the committed changes after it from `stream_changes` (its own node's
 * and the others'), writes `event_push_actions` for each recipient the event notifies, moves
 * the cursor, and emits `push_actions` for those users, all in one transaction. On start it
 * catches up from the cursor, so a restart loses no evaluation.
 */
export class PushEvaluator {
  private running: Promise<void> | null = null;
  private again = false;
  private position = 0;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  /**
   * Rulesets by user, dropped when the feed shows the user's m.push_rules changed; at most
   * MAX_CACHED_RULESETS beyond the recipients of the event being evaluated (oldest first out).
   */
  private readonly rules = new Map<string, PushRuleset>();
  /** The users each cached user ignores (m.ignored_user_list), kept and dropped with `rules`. */
  private readonly ignoring = new Map<string, ReadonlySet<string>>();
  /**
   * Room facts by room, kept between runs: a state or membership event of the room, or a
   * redaction in it, drops its entry before its batch is evaluated, and a cursor another node
   * moved drops them all (that node saw commits this one did not).
   */
  private readonly rooms = new Map<string, Promise<RoomFacts>>();

  constructor(
    private readonly deps: Pick<AppDeps, 'database' | 'feed' | 'now'>,
    private readonly log: Logger,
  ) {}

  /** Reads the cursor and catches up with what was committed while no node evaluated. */
  async start(): Promise<void> {
    this.position = await findPushEvaluationPosition(this.deps.database.db);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }

  /** The subscriber: a commit holding an event for anyone besides its sender schedules a run. */
  subscriber(): FeedSubscriber {
    return {
      name: 'push-evaluator',
      deliver: ({ changes, audiences }) => {
        for (let i = 0; i < changes.length; i++) {
          const c = changes[i]!;
          if (c.kind === 'account_data') this.forgetUser(c.userId, c.type);
          if (isEventChange(c) && audiences[i]!.some((u) => u !== c.sender)) return this.schedule();
        }
      },
      durablePosition: () => this.position,
    };
  }

  /**
   * Resolves once no run is under way or due, or after `maxMs`. /sync waits on it before it
   * builds, so the unread counts of the events that woke it come in the same response: without
   * it every event would wake each recipient's /sync twice, once for the event and once for its
   * push actions (docs/performance.md measured the second wake at +80 % CPU per delivery).
   */
  settled(maxMs: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
    return Promise.race([this.idle(), bound]).finally(() => clearTimeout(timer));
  }

  /** Resolves once no run is under way or due (tests wait on it before counting queries). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      // Start after the I/O already due (the answer to the /send that woke us, on SQLite whose
      // single connection this run then holds): evaluation is off the send's path, in time too.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.runOnce())) {
            /* more to read */
          }
        } while (this.again && !this.stopped);
      } catch (err) {
        this.log.error({ err }, 'push evaluation failed; retrying');
        this.rooms.clear();
        this.retry = setTimeout(() => this.schedule(), RETRY_MS);
        this.retry.unref();
      } finally {
        this.running = null;
      }
    })();
  }

  /** One transaction: up to BATCH commits after the cursor. Returns whether there may be more. */
  private async runOnce(): Promise<boolean> {
    const { database } = this.deps;
    return commitChanges(this.deps, async (tx, feed) => {
      const from = await lockPushEvaluationPosition(tx, database.dialect);
      if (from !== this.position) this.rooms.clear();
      const commits = await listStreamChangesAfter(tx, from, BATCH);
      if (commits.length === 0) {
        this.position = from;
        return false;
      }
      const events: EventChange[] = [];
      for (const commit of commits) {
        for (const c of JSON.parse(commit.changes) as StreamChange[]) {
          if (c.kind === 'account_data') this.forgetUser(c.userId, c.type);
          if (isEventChange(c)) events.push(c);
        }
      }
      const rows = await this.evaluate(tx, events);
      const upTo = commits[commits.length - 1]!.position;
      if (rows.length > 0) {
        const written = await feed.position();
        await insertPushActions(
          tx,
          rows.map((r) => ({ ...r, written_stream: written })),
        );
        const byEvent = new Map<string, { roomId: string; stream: number; userIds: string[] }>();
        for (const r of rows) {
          let e = byEvent.get(r.event_id);
          if (!e) byEvent.set(r.event_id, (e = { roomId: r.room_id, stream: r.stream_ordering, userIds: [] }));
          e.userIds.push(r.user_id);
        }
        for (const [eventId, e] of byEvent) feed.emit({ kind: 'push_actions', roomId: e.roomId, eventId, stream: e.stream, userIds: e.userIds });
        await addPushCounts(tx, await countsToAdd(tx, rows, written));
      }
      await updatePushEvaluationPosition(tx, upTo);
      this.position = upTo;
      return commits.length === BATCH;
    });
  }

  private async evaluate(tx: Tx, changes: readonly EventChange[]): Promise<Array<Omit<PushActionRow, 'written_stream'>>> {
    if (changes.length === 0) return [];
    const pdus = new Map(
      (
        await listEventsByIds(
          tx,
          changes.map((c) => c.eventId),
        )
      ).map((r) => [r.event_id, { row: r, pdu: parsePdu(r) }]),
    );
    // A reaction, edit or reference to an event in a thread is in that thread (threading.md).
    const targets = [...pdus.values()].map(({ pdu }) => relationOf(pdu)).filter((r) => r !== null && r.relType !== 'm.thread');
    const threadRoots = await listThreadRootsOf(tx, [...new Set(targets.map((r) => r!.eventId))]);
    // State moved in these rooms (a redaction may change it too): their facts are read again.
    for (const change of changes) if (change.kind !== 'room_event' || pdus.get(change.eventId)?.pdu.type === 'm.room.redaction') this.rooms.delete(change.roomId);
    if (this.rooms.size > MAX_CACHED_ROOMS) this.rooms.clear();
    const rooms = this.rooms;
    const out: Array<Omit<PushActionRow, 'written_stream'>> = [];
    for (const change of changes) {
      const found = pdus.get(change.eventId);
      if (!found || found.row.redacted_by !== null) continue;
      const { pdu } = found;
      let facts = rooms.get(change.roomId);
      if (!facts) rooms.set(change.roomId, (facts = readRoomFacts(tx, change.roomId)));
      const room = await facts;
      const members = room.joined.filter((u) => u !== pdu.sender);
      if (change.kind === 'membership' && change.membership === 'invite' && change.userId !== pdu.sender && !members.includes(change.userId)) members.push(change.userId);
      if (members.length === 0) continue;
      await this.loadRules(tx, members);
      // Nothing notifies a user about an event of someone they ignore (ignore_users.md; as Synapse).
      const recipients = members.filter((u) => !this.ignoring.get(u)!.has(pdu.sender));
      if (recipients.length === 0) continue;
      const names = await displayNames(tx, change.roomId, recipients, this.rules, room.names);
      const event = { ...pdu, event_id: change.eventId } as unknown as Parameters<typeof evaluatePushRules>[1];
      const senderPowerLevel = userPowerLevel(pdu.sender, room.powerLevels, room.create, room.version);
      const threadId = threadOf(pdu, threadRoots);
      for (const userId of recipients) {
        const decision = evaluatePushRules(this.rules.get(userId)!, event, {
          userId,
          displayName: names.get(userId) ?? null,
          memberCount: room.joined.length,
          senderPowerLevel,
          notificationPowerLevel: (key) => notificationsPowerLevel(key, room.powerLevels),
        });
        if (!decision || (!decision.notify && !decision.highlight)) continue;
        out.push({
          user_id: userId,
          room_id: change.roomId,
          event_id: change.eventId,
          stream_ordering: change.stream,
          thread_id: threadId,
          notify: decision.notify ? 1 : 0,
          highlight: decision.highlight ? 1 : 0,
          actions: actionsJson(decision.actions),
          ts: pdu.origin_server_ts,
        });
      }
    }
    return out;
  }

  /** Drops a user's cached ruleset and ignore list (all of it when `type` is left out, or names either). */
  private forgetUser(userId: string, type?: string): void {
    if (type !== undefined && type !== 'm.push_rules' && type !== 'm.ignored_user_list') return;
    this.rules.delete(userId);
    this.ignoring.delete(userId);
  }

  private async loadRules(tx: Tx, userIds: readonly string[]): Promise<void> {
    const missing = userIds.filter((u) => !this.rules.has(u) || !this.ignoring.has(u));
    if (missing.length === 0) return;
    if (this.rules.size + missing.length > MAX_CACHED_RULESETS) {
      const wanted = new Set(userIds);
      for (const cached of this.rules.keys()) {
        if (this.rules.size + missing.length <= MAX_CACHED_RULESETS) break;
        if (!wanted.has(cached)) this.forgetUser(cached);
      }
    }
    const rows = await listPushRuleRowsOf(tx, missing);
    const ignoreLists = new Map((await listGlobalAccountDataOf(tx, missing, 'm.ignored_user_list')).map((r) => [r.user_id, r.content]));
    for (const u of missing) this.ignoring.set(u, ignoredUsersOf(ignoreLists.get(u)));
    for (const u of missing)
      this.rules.set(
        u,
        rulesetOf(
          u,
          rows.filter((r) => r.user_id === u),
        ),
      );
  }
}

const NOBODY: ReadonlySet<string> = new Set();

/** The user IDs an m.ignored_user_list content names (checked on the way in: actions/checkIgnoredUserList.ts). */
function ignoredUsersOf(content: string | undefined): ReadonlySet<string> {
  if (content === undefined) return NOBODY;
  const ignored = (JSON.parse(content) as { ignored_users?: unknown }).ignored_users;
  return typeof ignored === 'object' && ignored !== null && Object.keys(ignored).length > 0 ? new Set(Object.keys(ignored)) : NOBODY;
}

interface RoomFacts {
  joined: string[];
  /** Display names read so far (null: none set), for contains_display_name. */
  names: Map<string, string | null>;
  powerLevels: Record<string, unknown> | undefined;
  create: Pdu | undefined;
  version: RoomVersion | undefined;
}

async function readRoomFacts(tx: Tx, roomId: string): Promise<RoomFacts> {
  const [joined, pl, create, room] = await Promise.all([
    listRoomMemberIds(tx, roomId, ['join']),
    findCurrentStateEvent(tx, roomId, 'm.room.power_levels', ''),
    findCurrentStateEvent(tx, roomId, 'm.room.create', ''),
    findRoom(tx, roomId),
  ]);
  return {
    joined,
    names: new Map(),
    powerLevels: pl ? parsePdu(pl).content : undefined,
    create: create ? parsePdu(create) : undefined,
    version: room?.room_version as RoomVersion | undefined,
  };
}

/** Decisions of one rule share their actions array: its JSON is written once. */
const jsonOfActions = new WeakMap<readonly unknown[], string>();
function actionsJson(actions: readonly unknown[]): string {
  let json = jsonOfActions.get(actions);
  if (json === undefined) jsonOfActions.set(actions, (json = JSON.stringify(actions)));
  return json;
}

/** Whether a ruleset has an enabled contains_display_name rule (computed once per cached ruleset). */
const wantsDisplayName = new WeakMap<PushRuleset, boolean>();
function needsDisplayName(rules: PushRuleset): boolean {
  let wants = wantsDisplayName.get(rules);
  if (wants === undefined) {
    wants = [...rules.override, ...rules.underride].some((rule) => rule.enabled && (rule.conditions ?? []).some((c) => c.kind === 'contains_display_name'));
    wantsDisplayName.set(rules, wants);
  }
  return wants;
}

/**
 * Display names, read only for recipients with an enabled contains_display_name rule, and only
 * those not yet in the room's cached `known` names (dropped with the room's facts on any
 * membership change).
 */
async function displayNames(
  tx: Tx,
  roomId: string,
  userIds: readonly string[],
  rules: ReadonlyMap<string, PushRuleset>,
  known: Map<string, string | null>,
): Promise<ReadonlyMap<string, string | null>> {
  const missing = userIds.filter((u) => !known.has(u) && needsDisplayName(rules.get(u)!));
  if (missing.length === 0) return known;
  for (const u of missing) known.set(u, null);
  const events = await listCurrentStateEvents(
    tx,
    roomId,
    missing.map((u) => ['m.room.member', u] as const),
  );
  for (const e of events) {
    const pdu = parsePdu(e);
    const name = pdu.content['displayname'];
    if (typeof name === 'string' && pdu.state_key !== undefined) known.set(pdu.state_key, name);
  }
  return known;
}

function isEventChange(c: StreamChange): c is EventChange {
  return c.kind === 'room_event' || c.kind === 'state' || c.kind === 'membership';
}

function relationOf(pdu: Pdu): { relType: string; eventId: string } | null {
  const rel = pdu.content['m.relates_to'] as { rel_type?: unknown; event_id?: unknown } | undefined;
  return rel && typeof rel.rel_type === 'string' && typeof rel.event_id === 'string' ? { relType: rel.rel_type, eventId: rel.event_id } : null;
}

/**
 * The thread an event belongs to: its root for an m.thread relation, the thread of the event it
 * relates to for any other relation (`threadRoots`: the roots of related events that are in a
 * thread), else 'main'.
 */
export function threadOf(pdu: Pdu, threadRoots: ReadonlyMap<string, string> = new Map()): string {
  const rel = relationOf(pdu);
  if (!rel) return 'main';
  if (rel.relType === 'm.thread') return rel.eventId;
  return threadRoots.get(rel.eventId) ?? 'main';
}

/**
 * What the new push actions add to the kept unread counts: each action after the recipient's
 * read receipt for its thread (or unthreaded), summed per user, room and thread. The evaluator
 * holds the evaluation lock, and receipts and redactions take it shared before they recount
 * (storage/repos/pushCounts.ts), so no receipt lands between this read and the write.
 */
async function countsToAdd(tx: Tx, rows: ReadonlyArray<Omit<PushActionRow, 'written_stream'>>, stream: number): Promise<PushCountRow[]> {
  const readUpTo = new Map<string, number>();
  for (const roomId of new Set(rows.map((r) => r.room_id)))
    for (const p of await listRoomReadPositions(tx, roomId)) readUpTo.set(`${roomId}\u0000${p.user_id}\u0000${p.thread_id}`, p.stream);
  const sums = new Map<string, PushCountRow>();
  for (const r of rows) {
    const read = Math.max(readUpTo.get(`${r.room_id}\u0000${r.user_id}\u0000`) ?? 0, readUpTo.get(`${r.room_id}\u0000${r.user_id}\u0000${r.thread_id}`) ?? 0);
    if (r.stream_ordering <= read) continue;
    const key = `${r.user_id}\u0000${r.room_id}\u0000${r.thread_id}`;
    let sum = sums.get(key);
    if (!sum) sums.set(key, (sum = { user_id: r.user_id, room_id: r.room_id, thread_id: r.thread_id, notification_count: 0, highlight_count: 0, stream }));
    sum.notification_count += r.notify;
    sum.highlight_count += r.highlight;
  }
  return [...sums.values()];
}
