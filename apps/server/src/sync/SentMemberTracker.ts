/** Member entries kept across all devices (about 200 bytes each: some 10 MB at most); the least recently used goes first. */
const MAX_ENTRIES = 50_000;
/** Devices whose sync chain is kept; the least recently syncing goes first. */
const MAX_DEVICES = 20_000;
/** Superseded responses' chains a device keeps valid (see begin). */
const MAX_PRIORS = 8;

interface Sent {
  eventId: string;
  /** The chain (epoch) of the response that carried it. */
  epoch: number;
  /** The sync position (next_batch) of that response. */
  position: number;
}

interface Chain {
  epoch: number;
  /** The since of the last response built, and its next_batch position. */
  since: number | null;
  head: number;
  /** The last response built recorded member events. */
  dirty: boolean;
  /** Responses being built now. */
  inFlight: number;
  /** Earlier epochs still valid up to `limit`: a response was rebuilt from `limit` after one that recorded. */
  priors: Array<{ epoch: number; limit: number }>;
}

/** What one /sync response asks and tells the tracker (LazyMembers in buildRoomSections). */
export interface SentMembers {
  /** Whether the client already holds exactly this member event of the room from an earlier response. */
  alreadySent(roomId: string, memberId: string, eventId: string): boolean;
  /** Notes a member event this response carries. */
  record(roomId: string, memberId: string, eventId: string): void;
  /** The response is built (call once, in a finally). */
  end(): void;
}

/**
 * Which member events lazy loading (`lazy_load_members`) already sent to a device, per room,
 * so a later incremental /sync leaves them out (unless `include_redundant_members`), like
 * Synapse's per-device LRU cache. In memory and bounded: an evicted entry or device, a restart
 * or another node only means a member event is sent again (redundant, never missing).
 *
 * A client may drop a response and sync again from an older token, so an entry counts only
 * when the response that carried it is in the chain of responses that led to the `since`
 * token: each device keeps a chain (epoch) that a sync from the last next_batch continues;
 * a sync from the last since rebuilds the last response (a long-poll that found nothing, or
 * a retry), which keeps the chain up to that since as a prior when the dropped response may
 * have recorded anything; any other token starts a new chain.
 */
export class SentMemberTracker {
  private readonly entries = new Map<string, Sent>();
  private readonly chains = new Map<string, Chain>();
  private epochs = 0;

  constructor(
    private readonly maxEntries = MAX_ENTRIES,
    private readonly maxDevices = MAX_DEVICES,
  ) {}

  /** Opens one response's view: range (since, upTo] of the device. */
  begin(userId: string, deviceId: string, since: number | null, upTo: number): SentMembers {
    const deviceKey = `${userId}\n${deviceId}`;
    let chain = this.chains.get(deviceKey);
    this.chains.delete(deviceKey);
    if (!chain || since === null || (since !== chain.head && since !== chain.since)) {
      chain = { epoch: ++this.epochs, since, head: upTo, dirty: false, inFlight: 0, priors: [] };
    } else if (since === chain.head) {
      chain.since = since;
      chain.head = upTo;
      chain.dirty = false;
    } else {
      // A rebuild from the same since: what the superseded response recorded must not count.
      if (chain.dirty || chain.inFlight > 0) {
        chain.priors = [{ epoch: chain.epoch, limit: since }, ...chain.priors].slice(0, MAX_PRIORS);
        chain.epoch = ++this.epochs;
      }
      chain.head = upTo;
      chain.dirty = false;
    }
    this.chains.set(deviceKey, chain);
    while (this.chains.size > this.maxDevices) this.chains.delete(this.chains.keys().next().value!);
    chain.inFlight += 1;
    const { epoch } = chain;
    const priors = [...chain.priors];
    const held = chain;
    const key = (roomId: string, memberId: string): string => `${deviceKey}\n${roomId}\n${memberId}`;
    let ended = false;
    return {
      alreadySent: (roomId, memberId, eventId) => {
        if (since === null) return false;
        const k = key(roomId, memberId);
        const hit = this.entries.get(k);
        if (!hit || hit.eventId !== eventId || hit.position > since) return false;
        if (hit.epoch !== epoch && !priors.some((p) => p.epoch === hit.epoch && hit.position <= p.limit)) return false;
        // A hit is a use: the entries held back most often stay longest.
        this.entries.delete(k);
        this.entries.set(k, hit);
        return true;
      },
      record: (roomId, memberId, eventId) => {
        const k = key(roomId, memberId);
        held.dirty = true;
        this.entries.delete(k);
        this.entries.set(k, { eventId, epoch, position: upTo });
        while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      },
      end: () => {
        if (ended) return;
        ended = true;
        held.inFlight -= 1;
      },
    };
  }

  /** Member entries held (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }
}
