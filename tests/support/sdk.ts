import { createRequire } from 'node:module';
import { ClientEvent, createClient, MemoryStore, RoomEvent, SyncState, type ICreateClientOpts, type MatrixClient } from 'matrix-js-sdk';
import { logger as sdkRootLogger, type Logger } from 'matrix-js-sdk/lib/logger.js';
import { uniqueName } from './client.ts';

/** A logger that says nothing: the SDK is chatty at debug level by default. */
const quietLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  getChild: () => quietLogger,
};
/**
 * Parts of the SDK log through loglevel children of its root logger, made at import time or
 * later (each child copies the root's methodFactory): silence the existing ones and the future ones.
 */
function silenceSdkLogging(): void {
  interface LoglevelLogger {
    methodFactory: (...args: unknown[]) => () => void;
    rebuild(): void;
    setLevel(level: string, persist?: boolean): void;
  }
  const root = sdkRootLogger as unknown as LoglevelLogger;
  root.methodFactory = () => () => undefined;
  root.rebuild();
  const loglevel = createRequire(createRequire(import.meta.url).resolve('matrix-js-sdk'))('loglevel') as { getLoggers(): Record<string, LoglevelLogger> };
  for (const l of Object.values(loglevel.getLoggers())) l.setLevel('silent', false);
}
silenceSdkLogging();

/**
 * matrix-js-sdk arms an abort timer of up to 110 s for each /sync request and does not clear
 * it when the client stops, which kept a test file's process alive for two minutes after its
 * last test. Long timers (30 s and more) made in a process that loads the SDK are unref'd, so
 * they never hold it open; the short ones tests wait on are left alone.
 */
const LONG_TIMER_MS = 30_000;
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = Object.assign((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout => {
  const timer = realSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= LONG_TIMER_MS) timer.unref();
  return timer;
}, realSetTimeout) as typeof setTimeout;

export interface SdkUser {
  userId: string;
  deviceId: string;
  accessToken: string;
  client: MatrixClient;
}

/** A real matrix-js-sdk client with the in-memory store and a quiet logger; `extra` adds options (e.g. `cryptoCallbacks`). */
export function makeSdkClient(baseUrl: string, creds: { userId?: string; accessToken?: string; deviceId?: string } = {}, extra: Partial<ICreateClientOpts> = {}): MatrixClient {
  return createClient({
    ...extra,
    baseUrl,
    ...creds,
    store: new MemoryStore(),
    logger: quietLogger,
    timelineSupport: true,
  });
}

/** Registers through the SDK (m.login.dummy) and returns a client for the new account, not started yet. */
export async function registerSdkUser(baseUrl: string, localpart = uniqueName('sdk')): Promise<SdkUser> {
  const anon = makeSdkClient(baseUrl);
  const res = await anon.registerRequest({ username: localpart, password: 'correct horse battery staple', auth: { type: 'm.login.dummy' } });
  anon.stopClient();
  if (!res.access_token || !res.device_id) throw new Error(`registration returned no token: ${JSON.stringify(res)}`);
  const client = makeSdkClient(baseUrl, { userId: res.user_id, accessToken: res.access_token, deviceId: res.device_id });
  return { userId: res.user_id, deviceId: res.device_id, accessToken: res.access_token, client };
}

/** Starts the client's sync loop and resolves once the first sync has been processed (`threadSupport` as Element runs it). */
export async function startAndSync(client: MatrixClient, initialSyncLimit = 20, options: { threadSupport?: boolean } = {}): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState): void => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        client.off(ClientEvent.Sync, onSync);
        reject(new Error('initial sync failed'));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit, lazyLoadMembers: false, ...options });
  await ready;
}

/**
 * Resolves when `predicate` holds: checked now, then after every fully processed sync
 * response and every local-echo update (everything a client sees arrives through those;
 * checking mid-sync, e.g. on each timeline event, would see a half-applied response).
 * A hang is caught by the test's own timeout, never by a timed assertion.
 */
export function waitUntil<T>(client: MatrixClient, predicate: () => T | undefined | false | null): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = (): void => {
      try {
        const value = predicate();
        if (value !== undefined && value !== false && value !== null) {
          client.off(ClientEvent.Sync, check);
          client.off(RoomEvent.LocalEchoUpdated, check);
          resolve(value);
        }
      } catch (err) {
        client.off(ClientEvent.Sync, check);
        client.off(RoomEvent.LocalEchoUpdated, check);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    client.on(ClientEvent.Sync, check);
    client.on(RoomEvent.LocalEchoUpdated, check);
    check();
  });
}
