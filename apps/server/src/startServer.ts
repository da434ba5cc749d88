import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { AppDeps } from './deps.ts';
import { buildApp } from './app.ts';
import { openDatabase, migrateToLatest } from './storage/openDatabase.ts';
import { loadSigningKey } from './storage/loadSigningKey.ts';
import { getStreamPosition } from './storage/repos/events.ts';
import { Notifier } from './sync/Notifier.ts';
import { SyncCache } from './sync/SyncCache.ts';
import { TypingTracker } from './sync/TypingTracker.ts';
import { announceTyping } from './actions/announceTyping.ts';
import { ChangeFeed } from './feed/ChangeFeed.ts';
import { recordTyping } from './feed/recordTyping.ts';
import { wakeNotifier } from './feed/wakeNotifier.ts';
import { argon2Hasher } from './security/passwords.ts';
import { RateLimiter } from './http/RateLimiter.ts';
import { RedisNotifierBridge } from './sync/RedisNotifierBridge.ts';
import { buildOutboundClient } from './outbound/buildOutboundClient.ts';
import { parseOutboundPolicy } from './outbound/OutboundPolicy.ts';
import { createUrlPreviews } from './preview/UrlPreviews.ts';
import { PresenceTracker } from './presence/PresenceTracker.ts';
import { openMedia } from './media/openMedia.ts';
import { PusherDelivery } from './push/PusherDelivery.ts';
import { PushEvaluator } from './push/PushEvaluator.ts';

export interface RunningServer {
  app: FastifyInstance;
  deps: AppDeps;
  /** e.g. http://127.0.0.1:8008 */
  url: string;
  close(): Promise<void>;
}

export function makeLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: { paths: ['req.headers.authorization', '*.password', '*.access_token', '*.refresh_token'], censor: '<redacted>' } });
}

/** Opens the database, migrates, prepares dependencies and builds the app (not listening yet). */
export async function prepareServer(config: Config, log: Logger = makeLogger(config)): Promise<{ app: FastifyInstance; deps: AppDeps }> {
  // Parsed first: a malformed address range in the configuration stops the start.
  const outbound = buildOutboundClient(config.outbound);
  const urlPreviews = createUrlPreviews(parseOutboundPolicy({ ...config.urlPreview, hostAllowlist: [] }, 'url_preview'), config.urlPreview);
  const media = await openMedia(config, log);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ephemeral: config.ephemeral });
  await migrateToLatest(database);
  const now = (): number => Date.now();
  const notifier = new Notifier();
  const position = await getStreamPosition(database.db);
  notifier.start(position);
  const feed = new ChangeFeed(database, log, now);
  const typing = new TypingTracker(now);
  // Subscribers, in dispatch order: typing positions before the wake-ups that announce them.
  feed.subscribe(recordTyping(typing));
  feed.subscribe(wakeNotifier(notifier));
  const push = new PushEvaluator({ database, feed, now }, log);
  feed.subscribe(push.subscriber());
  feed.start(position);
  const deps: AppDeps = {
    config,
    database,
    notifier,
    feed,
    typing,
    syncCache: new SyncCache(notifier),
    signingKey: await loadSigningKey(database.db, now()),
    passwords: argon2Hasher(config.passwordHashMemoryKib),
    rateLimiter: new RateLimiter(config.rateLimits.enabled),
    outbound,
    urlPreviews,
    presence: new PresenceTracker(),
    media,
    push,
    pushers: null,
    log,
    now,
    tls: readTls(config),
  };
  deps.typing.onExpired = (roomIds) => {
    announceTyping(deps, roomIds).catch((err: unknown) => log.error({ err }, 'typing expiry failed'));
  };
  const bridge = config.redisUrl
    ? await RedisNotifierBridge.connect(config.redisUrl, `${config.serverName}/${deps.signingKey.keyId}`, notifier, log, () => getStreamPosition(database.db), deps.typing)
    : null;
  const pushers = (deps.pushers = config.push.enabled ? new PusherDelivery(deps) : null);
  if (pushers) {
    feed.subscribe(pushers.subscriber());
    pushers.start();
  }
  const app = await buildApp(deps);
  await push.start();
  app.addHook('onClose', async () => {
    deps.typing.stop();
    await pushers?.stop();
    feed.stop();
    push.stop();
    await push.idle();
    await media.close();
    await bridge?.close();
    await database.close();
  });
  return { app, deps };
}

/** config -> open db -> migrate -> buildApp(deps) -> listen. */
export async function startServer(config: Config, log?: Logger): Promise<RunningServer> {
  const { app, deps } = await prepareServer(config, log);
  const address = await app.listen({ port: config.port, host: config.bindAddress });
  const url = address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  return { app, deps, url, close: () => app.close() };
}

export function readTls(config: Config): { cert: Buffer; key: Buffer } | null {
  return config.tls ? { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) } : null;
}
