import type { Topology } from '../core/topology.ts';

/** Receives every message body a client gets, with the receiving user's index. */
export type OnBody = (receiver: number, body: string) => void;

/** What went wrong on a client's connection(s) since it connected (idle reports these). */
export interface ClientHealth {
  /** Connections the server closed or reset after connect() succeeded. */
  disconnects: number;
  /** Matrix: /sync requests that failed (each retried after a backoff). */
  syncErrors?: number;
  /** Matrix: /sync requests answered (an idle user re-issues one every ~30 s). */
  syncs?: number;
}

/** One simulated user speaking one protocol on its own connection(s). */
export interface ChatClient {
  /** Connects and authenticates (Matrix: first /sync, then the long-poll loop runs). */
  connect(): Promise<void>;
  /** Joins the rooms (no-op where the target joins during prepare). */
  join(rooms: readonly number[]): Promise<void>;
  /** Fire and forget: the load is open loop. Failures are reported through onError. */
  send(room: number, body: string, onError: (e: Error) => void): void;
  close(): void;
  health?(): ClientHealth;
}

/** A system under test: its server process(es) and a client factory. */
export interface Target {
  readonly name: string;
  readonly protocol: 'floor' | 'irc' | 'xmpp' | 'matrix';
  /** Whether sent messages are persisted (history survives a restart). */
  readonly durable: boolean;
  /** Configuration notes reported with every result (flood limits, storage mode...). */
  readonly notes: string[];
  start(): Promise<void>;
  /** Roots of the process trees whose CPU and RSS are charged to this target. */
  serverPids(): number[];
  /** Accounts and rooms for the topology; called once after start. */
  prepare(topo: Topology): Promise<void>;
  client(user: number, onBody: OnBody): ChatClient;
  stop(): Promise<void>;
}
