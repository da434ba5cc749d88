import * as hdr from 'hdr-histogram-js';
import type { Payload } from './payload.ts';

export interface DeliveryStats {
  sent: number;
  sendErrors: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  reordered: number;
  /** Deliveries whose receipt time fell inside the measure window. */
  deliveredInWindow: number;
  latencyMs: { count: number; p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  /** HdrHistogram (microseconds), compressed base64. */
  histogram: string;
}

interface ReceiverRoom {
  bits: Uint8Array;
  highest: number;
}

/**
 * Counts what every member received: latency from the scheduled send time (open loop, so
 * queueing shows up), loss against room membership, duplicates and out-of-order arrivals
 * per (receiver, room). Sequence numbers are per room, starting at 0.
 */
export class DeliveryTracker {
  private readonly hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  private readonly perReceiverRoom = new Map<number, ReceiverRoom>();
  private readonly deliveredPerMsg: Int32Array[];
  private readonly sentPerRoom: number[];
  private sendErrorCount = 0;
  private duplicates = 0;
  private reordered = 0;
  private delivered = 0;
  private inWindow = 0;
  private window = { start: Infinity, end: -Infinity };

  constructor(private readonly roomSizes: readonly number[]) {
    this.deliveredPerMsg = roomSizes.map(() => new Int32Array(1024));
    this.sentPerRoom = roomSizes.map(() => 0);
  }

  /** Latencies are recorded only for messages scheduled inside [start, end). */
  setWindow(start: number, end: number): void {
    this.window = { start, end };
  }

  sent(room: number, seq: number): void {
    const arr = this.deliveredPerMsg[room]!;
    if (seq >= arr.length) {
      const bigger = new Int32Array(Math.max(arr.length * 2, seq + 1));
      bigger.set(arr);
      this.deliveredPerMsg[room] = bigger;
    }
    this.sentPerRoom[room] = Math.max(this.sentPerRoom[room]!, seq + 1);
  }

  sendError(): void {
    this.sendErrorCount++;
  }

  /** Called by a client for every benchmark payload it receives (its own reflections excluded). */
  deliver(receiver: number, p: Payload, now: number): void {
    const key = receiver * this.roomSizes.length + p.room;
    let rr = this.perReceiverRoom.get(key);
    if (!rr) {
      rr = { bits: new Uint8Array(128), highest: -1 };
      this.perReceiverRoom.set(key, rr);
    }
    const byte = p.seq >> 3;
    if (byte >= rr.bits.length) {
      const bigger = new Uint8Array(Math.max(rr.bits.length * 2, byte + 1));
      bigger.set(rr.bits);
      rr.bits = bigger;
    }
    const mask = 1 << (p.seq & 7);
    if (rr.bits[byte]! & mask) {
      this.duplicates++;
      return;
    }
    rr.bits[byte]! |= mask;
    if (p.seq < rr.highest) this.reordered++;
    else rr.highest = p.seq;
    this.delivered++;
    const counts = this.deliveredPerMsg[p.room];
    if (counts && p.seq < counts.length) counts[p.seq]!++;
    if (now >= this.window.start && now < this.window.end) this.inWindow++;
    if (p.tSched >= this.window.start && p.tSched < this.window.end) {
      this.hist.recordValue(Math.max(1, Math.round((now - p.tSched) * 1000)));
    }
  }

  /** Number of deliveries still missing; used to decide when draining is over. */
  outstanding(): number {
    return this.expected() - this.delivered;
  }

  private expected(): number {
    let e = 0;
    this.sentPerRoom.forEach((n, r) => (e += n * Math.max(0, this.roomSizes[r]! - 1)));
    return e;
  }

  stats(): DeliveryStats {
    const sent = this.sentPerRoom.reduce((a, b) => a + b, 0);
    const expected = this.expected();
    let lost = 0;
    this.sentPerRoom.forEach((n, r) => {
      const want = Math.max(0, this.roomSizes[r]! - 1);
      const counts = this.deliveredPerMsg[r]!;
      for (let s = 0; s < n; s++) lost += Math.max(0, want - counts[s]!);
    });
    const h = this.hist;
    const ms = (us: number): number => Math.round(us) / 1000;
    return {
      sent,
      sendErrors: this.sendErrorCount,
      expected,
      delivered: this.delivered,
      lost,
      duplicates: this.duplicates,
      reordered: this.reordered,
      deliveredInWindow: this.inWindow,
      latencyMs: {
        count: h.totalCount,
        p50: ms(h.getValueAtPercentile(50)),
        p90: ms(h.getValueAtPercentile(90)),
        p99: ms(h.getValueAtPercentile(99)),
        p999: ms(h.getValueAtPercentile(99.9)),
        max: ms(h.maxValue),
        mean: ms(h.mean),
      },
      histogram: hdr.encodeIntoCompressedBase64(h),
    };
  }
}
