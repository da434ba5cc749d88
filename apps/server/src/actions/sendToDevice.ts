import { parseUserId, serverNameOf } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { listDevices } from '../storage/repos/devices.ts';
import { countPendingToDeviceBySender, findToDeviceTxn, insertToDeviceMessages, insertToDeviceTxn, type ToDeviceRow } from '../storage/repos/toDevice.ts';

/** Largest content of one to-device message, in bytes of JSON: the spec's limit on events. */
export const MAX_TO_DEVICE_CONTENT_BYTES = 65_536;
/** Most messages one request may name, and queue once `*` expanded to every device of a user. */
export const MAX_TO_DEVICE_MESSAGES_PER_REQUEST = 10_000;

export interface SendToDeviceInput {
  type: string;
  txnId: string;
  /** user -> device ID or `*` (all the user's devices) -> content. */
  messages: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * Queues to-device messages for local devices at one new stream position and
 * wakes the recipients after commit. Idempotent per (sending device, event type, txnId): the
 * transaction ID is remembered after the messages are delivered and deleted.
 *
 * Bounded: each message's content (M_TOO_LARGE), the messages of one request (M_TOO_LARGE),
 * and what the sender has waiting for any one device (`to_device` in the configuration):
 * a request that would pass that is refused whole with 429 M_LIMIT_EXCEEDED, until the device
 * syncs. The limit is per sender, so a user who floods a device (their own included) cannot
 * stop others from reaching it.
 */
export async function sendToDevice(deps: AppDeps, auth: Principal, input: SendToDeviceInput): Promise<void> {
  const db = deps.database.db;
  if (await findToDeviceTxn(db, auth.userId, auth.deviceId, input.type, input.txnId)) return;
  // Each entry costs database work (a user's devices are read once), so their number is bounded before any.
  const entries = Object.values(input.messages).reduce((n, byDevice) => n + Object.keys(byDevice).length, 0);
  if (entries > MAX_TO_DEVICE_MESSAGES_PER_REQUEST) throw new MatrixError('M_TOO_LARGE', `A request may send at most ${MAX_TO_DEVICE_MESSAGES_PER_REQUEST} to-device messages`);
  for (const [userId, byDevice] of Object.entries(input.messages)) {
    if (!parseUserId(userId)) throw new MatrixError('M_INVALID_PARAM', `Invalid user ID ${JSON.stringify(userId)}`);
    for (const content of Object.values(byDevice)) {
      if (Buffer.byteLength(JSON.stringify(content)) > MAX_TO_DEVICE_CONTENT_BYTES)
        throw new MatrixError('M_TOO_LARGE', `A to-device message is larger than ${MAX_TO_DEVICE_CONTENT_BYTES} bytes`);
    }
  }
  const limits = deps.config.toDevice;
  try {
    await commitChanges(deps, async (tx, feed) => {
      await insertToDeviceTxn(tx, auth.userId, auth.deviceId, input.type, input.txnId, deps.now());
      const stream = await feed.position();
      const rows: Array<Omit<ToDeviceRow, 'id'>> = [];
      const recipients = new Set<string>();
      for (const [userId, byDevice] of Object.entries(input.messages)) {
        // No federation yet: messages for remote users are dropped.
        if (serverNameOf(userId) !== deps.config.serverName) continue;
        const devices = new Set((await listDevices(tx, userId)).map((d) => d.device_id));
        if (devices.size === 0) continue;
        const pending = await countPendingToDeviceBySender(tx, userId, auth.userId);
        for (const [target, content] of Object.entries(byDevice)) {
          const targets = target === '*' ? [...devices] : devices.has(target) ? [target] : [];
          const json = JSON.stringify(content);
          for (const deviceId of targets) {
            const queued = pending.get(deviceId) ?? { messages: 0, bytes: 0 };
            queued.messages += 1;
            queued.bytes += json.length;
            pending.set(deviceId, queued);
            if (queued.messages > limits.maxPendingMessages || queued.bytes > limits.maxPendingBytes) {
              throw new MatrixError('M_LIMIT_EXCEEDED', `Too many messages are waiting for ${userId}'s device ${deviceId}; retry once it has synced`);
            }
            rows.push({ user_id: userId, device_id: deviceId, stream, sender: auth.userId, type: input.type, content: json, txn_key: null });
            recipients.add(userId);
          }
          if (rows.length > MAX_TO_DEVICE_MESSAGES_PER_REQUEST)
            throw new MatrixError('M_TOO_LARGE', `A request may send at most ${MAX_TO_DEVICE_MESSAGES_PER_REQUEST} to-device messages`);
        }
      }
      await insertToDeviceMessages(tx, rows);
      feed.emit({ kind: 'to_device', sender: auth.userId, type: input.type, recipients: [...recipients] });
    });
  } catch (err) {
    // A concurrent request with the same txnId won the primary key: it is the send.
    if (!(err instanceof MatrixError) && (await findToDeviceTxn(db, auth.userId, auth.deviceId, input.type, input.txnId))) return;
    throw err;
  }
}
