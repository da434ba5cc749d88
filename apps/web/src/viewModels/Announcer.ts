// The one place that decides what the live regions say. Bursts are coalesced: at most one polite announcement per
// interval ("3 new messages from Alice and Bob"); a mention is said assertively, also at most once per interval.
import { strings } from '../strings.ts';

export type Politeness = 'polite' | 'assertive';
export type AnnounceSink = (text: string, politeness: Politeness) => void;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Pending {
  sender: string;
  text: string;
  emote: boolean;
}

class Channel {
  private pending: Pending[] = [];
  private last = -Infinity;
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly flush: (batch: Pending[]) => void,
  ) {}

  push(item: Pending): void {
    this.pending.push(item);
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) return this.emit();
    this.timer = this.clock.setTimeout(() => this.emit(), wait);
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }

  private emit(): void {
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.last = this.clock.now();
    this.flush(batch);
  }
}

export class Announcer {
  private readonly polite: Channel;
  private readonly assertive: Channel;

  constructor(sink: AnnounceSink, clock: Clock = realClock, intervalMs = 2000) {
    this.polite = new Channel(clock, intervalMs, (batch) => sink(summarise(batch), 'polite'));
    this.assertive = new Channel(clock, intervalMs, (batch) =>
      sink(batch.length === 1 ? strings.announce.mention(batch[0]!.sender, batch[0]!.text) : strings.announce.mentions(batch.length, senders(batch)), 'assertive'),
    );
    this.sink = sink;
  }

  private readonly sink: AnnounceSink;

  /** A new message in the open room (an emote reads "Alice waves"). */
  message(sender: string, text: string, mentionsMe: boolean, emote = false): void {
    (mentionsMe ? this.assertive : this.polite).push({ sender, text, emote });
  }

  /** A one-off status (room opened, sent failed …), said at once. */
  status(text: string, politeness: Politeness = 'polite'): void {
    this.sink(text, politeness);
  }

  /** Drops what has not been said yet (the user switched rooms). */
  reset(): void {
    this.polite.cancel();
    this.assertive.cancel();
  }
}

function senders(batch: Pending[]): string[] {
  return [...new Set(batch.map((p) => p.sender))];
}

function summarise(batch: Pending[]): string {
  const only = batch[0]!;
  if (batch.length === 1) return only.emote ? strings.announce.emote(only.sender, only.text) : strings.announce.message(only.sender, only.text);
  return strings.announce.messages(batch.length, senders(batch));
}
