import type { Logger } from 'pino';
import type { SigningKey } from '@parley/protocol/node';
import type { Config } from './config.ts';
import type { Database } from './storage/openDatabase.ts';
import type { Notifier } from './sync/Notifier.ts';
import type { ChangeFeed } from './feed/ChangeFeed.ts';
import type { TypingTracker } from './sync/TypingTracker.ts';
import type { SyncCache } from './sync/SyncCache.ts';
import type { PasswordHasher } from './security/passwords.ts';
import type { RateLimiter } from './http/RateLimiter.ts';
import type { GuardedHttpClient } from './outbound/GuardedHttpClient.ts';
import type { UrlPreviews } from './preview/UrlPreviews.ts';
import type { PresenceTracker } from './presence/PresenceTracker.ts';
import type { Media } from './media/Media.ts';
import type { PusherDelivery } from './push/PusherDelivery.ts';
import type { PushEvaluator } from './push/PushEvaluator.ts';

/** Everything the app needs, passed in explicitly: no module-level singletons. */
export interface AppDeps {
  config: Config;
  database: Database;
  notifier: Notifier;
  /** Every write commits through it; it dispatches the changes after commit (feed/ChangeFeed.ts). */
  feed: ChangeFeed;
  /** Who is typing where (in memory, per node). */
  typing: TypingTracker;
  /** What woken /syncs would otherwise re-read every time (memberships, key counts, to-device state). */
  syncCache: SyncCache;
  signingKey: SigningKey;
  passwords: PasswordHasher;
  rateLimiter: RateLimiter;
  /** The one client for every request to the outside: refuses non-public destinations (outbound/). */
  outbound: GuardedHttpClient;
  /** URL previews' own policy and cache. */
  urlPreviews: UrlPreviews;
  /** This node's memory of the presence it stored, so /sync writes presence at most once a minute per user. */
  presence: PresenceTracker;
  /** The media repository: its store (files, memory or S3) and staging folder (media/). */
  media: Media;
  /** Evaluates push rules for new events after they commit (push/PushEvaluator.ts). */
  push: PushEvaluator;
  /** Delivers notifications to HTTP pushers' gateways (push/PusherDelivery.ts); null with push.enabled off. */
  pushers: PusherDelivery | null;
  log: Logger;
  now: () => number;
  /** Certificate and key when the server terminates TLS itself. */
  tls: { cert: Buffer; key: Buffer } | null;
}
