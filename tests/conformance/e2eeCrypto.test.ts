// End-to-end encryption as Element does it, with matrix-js-sdk's Rust crypto (the
// @matrix-org/matrix-sdk-crypto-wasm build it depends on) against the real server: cross-signing,
// secret storage with a recovery key, server-side key backup, a second device restoring it, and
// cross-signing trust seen by another user after SAS verification. Every wait is on an SDK event
// or promise; a hang is caught by the test timeout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientEvent, MatrixError, MatrixEventEvent, Preset, type MatrixClient } from 'matrix-js-sdk';
import {
  CryptoEvent,
  VerificationPhase,
  VerificationRequestEvent,
  VerifierEvent,
  type CryptoApi,
  type GeneratedSecretStorageKey,
  type VerificationRequest,
} from 'matrix-js-sdk/lib/crypto-api/index.js';
import { decodeRecoveryKey } from 'matrix-js-sdk/lib/crypto-api/recovery-key.js';
import type { UIAuthCallback } from 'matrix-js-sdk/lib/interactive-auth.js';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { Api } from '../support/client.ts';
import { makeSdkClient, registerSdkUser, startAndSync, waitUntil, type SdkUser } from '../support/sdk.ts';

const TIMEOUT = { timeout: 120_000 };
/** registerSdkUser's password. */
const PASSWORD = 'correct horse battery staple';
const SECRET = 'the minutes of the closed session';

/** The secret storage key a client holds (none until the user types the recovery key). */
interface KeyHolder {
  key: Uint8Array | null;
}

/** A client with Rust crypto (in memory) that answers secret storage prompts from `holder`, started and synced. */
async function cryptoClient(baseUrl: string, creds: { userId: string; accessToken: string; deviceId: string }, holder: KeyHolder): Promise<MatrixClient> {
  const client = makeSdkClient(baseUrl, creds, {
    cryptoCallbacks: {
      getSecretStorageKey: async ({ keys }) => {
        const keyId = Object.keys(keys)[0];
        return holder.key && keyId ? [keyId, holder.key] : null;
      },
    },
  });
  await client.initRustCrypto({ useIndexedDB: false });
  await startAndSync(client);
  return client;
}

function cryptoOf(client: MatrixClient): CryptoApi {
  const crypto = client.getCrypto();
  assert.ok(crypto, 'Rust crypto is initialised');
  return crypto;
}

/**
 * Resolves when the async `check` yields a value: checked now and again after each of the
 * client's `events`. Checks never overlap; an event during a check asks for one more.
 */
function waitForAsync<T>(client: MatrixClient, events: readonly string[], check: () => Promise<T | undefined | null | false>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let running = false;
    let again = false;
    let done = false;
    const emitter = client as unknown as { on(e: string, f: () => void): void; off(e: string, f: () => void): void };
    const stop = (): void => {
      done = true;
      for (const e of events) emitter.off(e, trigger);
    };
    const run = async (): Promise<void> => {
      running = true;
      try {
        do {
          again = false;
          const value = await check();
          if (value !== undefined && value !== null && value !== false) {
            stop();
            resolve(value);
            return;
          }
        } while (again && !done);
      } catch (err) {
        stop();
        reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        running = false;
      }
    };
    function trigger(): void {
      if (done) return;
      if (running) again = true;
      else void run();
    }
    for (const e of events) emitter.on(e, trigger);
    trigger();
  });
}

/** The clear text of an event once the client decrypted it. */
function decryptedBody(client: MatrixClient, roomId: string, eventId: string): Promise<string> {
  return waitForAsync(client, [ClientEvent.Sync, MatrixEventEvent.Decrypted], async () => {
    const event = client.getRoom(roomId)?.findEventById(eventId);
    if (!event || event.isBeingDecrypted() || event.isDecryptionFailure()) return undefined;
    const body = event.getClearContent()?.body;
    return typeof body === 'string' ? body : undefined;
  });
}

/** UIA for uploading cross-signing keys: first without auth; only if the server asks, with the password. Records whether it asked. */
function crossSigningAuth(userId: string, asked: { count: number }): UIAuthCallback<void> {
  return async (makeRequest) => {
    try {
      await makeRequest(null);
    } catch (err) {
      if (!(err instanceof MatrixError) || err.httpStatus !== 401) throw err;
      asked.count += 1;
      await makeRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: userId }, password: PASSWORD, session: err.data.session as string });
    }
  };
}

function phaseReached(request: VerificationRequest, phase: VerificationPhase): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (request.phase === phase) {
        request.off(VerificationRequestEvent.Change, check);
        resolve();
      } else if (request.phase === VerificationPhase.Cancelled) {
        request.off(VerificationRequestEvent.Change, check);
        reject(new Error(`verification cancelled: ${String(request.cancellationCode)}`));
      }
    };
    request.on(VerificationRequestEvent.Change, check);
    check();
  });
}

onEachDatabase('end-to-end encryption with the Rust crypto of matrix-js-sdk', (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;
  let alice1: MatrixClient;
  let bobClient: MatrixClient;
  let alice2: MatrixClient;
  let alice2DeviceId: string;
  let recoveryKey: GeneratedSecretStorageKey;
  let roomId: string;
  let eventId: string;
  const alice1Keys: KeyHolder = { key: null };
  const clients: MatrixClient[] = [];

  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
    // registerSdkUser's clients have no crypto: stop them, and use crypto clients on the same devices.
    alice.client.stopClient();
    bob.client.stopClient();
    alice1 = await cryptoClient(ctx.server.url, alice, alice1Keys);
    bobClient = await cryptoClient(ctx.server.url, bob, { key: null });
    clients.push(alice1, bobClient);
  });
  after(() => {
    for (const c of clients) c.stopClient();
  });

  test('alice bootstraps cross-signing (no UIA the first time), secret storage and a key backup', TIMEOUT, async () => {
    const crypto = cryptoOf(alice1);
    const asked = { count: 0 };
    await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys: crossSigningAuth(alice.userId, asked) });
    assert.equal(asked.count, 0, 'the first upload of cross-signing keys needs no UIA');
    recoveryKey = await crypto.createRecoveryKeyFromPassphrase();
    alice1Keys.key = recoveryKey.privateKey;
    await crypto.bootstrapSecretStorage({ createSecretStorageKey: async () => recoveryKey, setupNewSecretStorage: true, setupNewKeyBackup: true });
    assert.equal(await crypto.isCrossSigningReady(), true);
    assert.equal(await crypto.isSecretStorageReady(), true);
    // bootstrapSecretStorage enables the new backup in the background: check and enable it now.
    const check = await crypto.checkKeyBackupAndEnable();
    assert.ok(check?.trustInfo.trusted && check.trustInfo.matchesDecryptionKey, JSON.stringify(check?.trustInfo));
    const version = await crypto.getActiveSessionBackupVersion();
    assert.ok(version, 'a key backup is active');
    // What the server holds: the public keys and the backup's public key, nothing private.
    const api = new Api(ctx.server.url, alice.accessToken);
    const backup = await api.get('/room_keys/version');
    assert.equal(backup.body.version, version);
    assert.equal(backup.body.algorithm, 'm.megolm_backup.v1.curve25519-aes-sha2');
    assert.equal(typeof backup.body.auth_data.public_key, 'string');
    const keys = await api.post('/keys/query', { device_keys: { [alice.userId]: [] } });
    const masterId = await crypto.getCrossSigningKeyId();
    assert.ok(masterId && Object.values(keys.body.master_keys[alice.userId].keys).includes(masterId));
    assert.ok(keys.body.user_signing_keys[alice.userId]);
    // Bob sets up cross-signing too: his user-signing key will sign alice's identity.
    await cryptoOf(bobClient).bootstrapCrossSigning({ authUploadDeviceSigningKeys: crossSigningAuth(bob.userId, { count: 0 }) });
    assert.equal(await cryptoOf(bobClient).isCrossSigningReady(), true);
  });

  test('alice sends in an encrypted room; bob decrypts; the room key reaches the backup', TIMEOUT, async () => {
    ({ room_id: roomId } = await alice1.createRoom({
      preset: Preset.PrivateChat,
      invite: [bob.userId],
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    }));
    await waitUntil(bobClient, () => bobClient.getRoom(roomId)?.getMyMembership() === 'invite');
    await bobClient.joinRoom(roomId);
    await waitUntil(alice1, () => alice1.getRoom(roomId)?.getMember(bob.userId)?.membership === 'join');
    assert.equal(await cryptoOf(alice1).isEncryptionEnabledInRoom(roomId), true);

    ({ event_id: eventId } = await alice1.sendTextMessage(roomId, SECRET));
    assert.equal(await decryptedBody(bobClient, roomId, eventId), SECRET);
    // The server only ever saw ciphertext.
    const raw = await new Api(ctx.server.url, bob.accessToken).get(`/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`);
    assert.equal(raw.body.type, 'm.room.encrypted');
    assert.ok(!JSON.stringify(raw.body).includes(SECRET));

    // The backup loop uploads the new room key in the background and reports what is left.
    const api = new Api(ctx.server.url, alice.accessToken);
    await waitForAsync(alice1, [CryptoEvent.KeyBackupSessionsRemaining, ClientEvent.Sync], async () => (await api.get('/room_keys/version')).body.count >= 1);
    const stored = await api.get(`/room_keys/keys?version=${(await api.get('/room_keys/version')).body.version}`);
    const sessions = stored.body.rooms[roomId]?.sessions ?? {};
    assert.equal(Object.keys(sessions).length, 1);
    const [session] = Object.values(sessions) as Array<{ session_data: Record<string, unknown> }>;
    assert.ok(session && typeof session.session_data.ciphertext === 'string' && !JSON.stringify(session).includes(SECRET));
  });

  test('a second device restores the backup with the recovery key and decrypts the earlier message', TIMEOUT, async () => {
    const login = await makeSdkClient(ctx.server.url).loginRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.userId }, password: PASSWORD });
    alice2DeviceId = login.device_id;
    const holder: KeyHolder = { key: null };
    alice2 = await cryptoClient(ctx.server.url, { userId: login.user_id, accessToken: login.access_token, deviceId: login.device_id }, holder);
    clients.push(alice2);
    await waitUntil(alice2, () => alice2.getRoom(roomId)?.findEventById(eventId));
    const event = alice2.getRoom(roomId)!.findEventById(eventId)!;
    await waitUntil(alice2, () => !event.isBeingDecrypted() && event.isDecryptionFailure());

    // Alice types the recovery key she was shown.
    assert.ok(recoveryKey.encodedPrivateKey);
    holder.key = decodeRecoveryKey(recoveryKey.encodedPrivateKey);
    const crypto = cryptoOf(alice2);
    await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
    const check = await crypto.checkKeyBackupAndEnable();
    assert.ok(check?.backupInfo.version);
    const restored = await crypto.restoreKeyBackup();
    assert.ok(restored.imported >= 1, JSON.stringify(restored));
    assert.equal(await decryptedBody(alice2, roomId, eventId), SECRET);
  });

  test('the second device is cross-signed, and bob, having verified alice, sees it verified', TIMEOUT, async () => {
    const crypto2 = cryptoOf(alice2);
    // Up-to-date own keys, then the private cross-signing keys from secret storage; that signs this device.
    assert.equal(await crypto2.userHasCrossSigningKeys(), true);
    await crypto2.bootstrapCrossSigning({ authUploadDeviceSigningKeys: crossSigningAuth(alice.userId, { count: 0 }) });
    const status = await crypto2.getCrossSigningStatus();
    assert.deepEqual(status.privateKeysCachedLocally, { masterKey: true, selfSigningKey: true, userSigningKey: true });
    await crypto2.crossSignDevice(alice2DeviceId);
    // The device learns its own new signature back from the server (device list change, /keys/query).
    await waitForAsync(
      alice2,
      [CryptoEvent.DevicesUpdated, CryptoEvent.UserTrustStatusChanged, ClientEvent.Sync],
      async () => (await crypto2.getDeviceVerificationStatus(alice.userId, alice2DeviceId))?.crossSigningVerified,
    );

    // Bob verifies alice (SAS between his device and her first one): his user-signing key signs her master key.
    const bobCrypto = cryptoOf(bobClient);
    const received = new Promise<VerificationRequest>((resolve) => alice1.once(CryptoEvent.VerificationRequestReceived, resolve));
    const bobRequest = await bobCrypto.requestDeviceVerification(alice.userId, alice.deviceId);
    const aliceRequest = await received;
    await aliceRequest.accept();
    await phaseReached(bobRequest, VerificationPhase.Ready);
    const bobVerifier = await bobRequest.startVerification('m.sas.v1');
    await phaseReached(aliceRequest, VerificationPhase.Started);
    const aliceVerifier = aliceRequest.verifier;
    assert.ok(aliceVerifier);
    const shown: string[] = [];
    for (const v of [bobVerifier, aliceVerifier]) {
      v.on(VerifierEvent.ShowSas, (sas) => {
        shown.push(JSON.stringify(sas.sas.decimal));
        void sas.confirm();
      });
    }
    await Promise.all([bobVerifier.verify(), aliceVerifier.verify()]);
    assert.equal(shown.length, 2);
    assert.equal(shown[0], shown[1], 'both sides showed the same numbers');

    const aliceVerified = await waitForAsync(bobClient, [CryptoEvent.UserTrustStatusChanged, CryptoEvent.DevicesUpdated, ClientEvent.Sync], async () =>
      (await bobCrypto.getUserVerificationStatus(alice.userId)).isCrossSigningVerified(),
    );
    assert.equal(aliceVerified, true);
    // Bob's signature on alice's master key is on the server, for bob's eyes only.
    const bobView = await new Api(ctx.server.url, bob.accessToken).post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.ok(bobView.body.master_keys[alice.userId].signatures[bob.userId], 'bob sees his signature');
    const aliceView = await new Api(ctx.server.url, alice.accessToken).post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.equal(aliceView.body.master_keys[alice.userId].signatures[bob.userId], undefined, "alice does not see bob's user-signing signature");

    // Alice's second device, signed by her self-signing key, is now cross-signing verified for bob.
    const verified = await waitForAsync(bobClient, [CryptoEvent.DevicesUpdated, CryptoEvent.UserTrustStatusChanged, ClientEvent.Sync], async () => {
      const s = await bobCrypto.getDeviceVerificationStatus(alice.userId, alice2DeviceId);
      return s?.crossSigningVerified === true ? s : undefined;
    });
    assert.equal(verified.signedByOwner, true);
  });
});
