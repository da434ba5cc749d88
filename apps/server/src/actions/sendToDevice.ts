import { parseUserId, serverNameOf } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { AuthContext } from '../http/AuthContext.ts';
import { MatrixError } from '../http/MatrixError.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { listDevices } from '../storage/repos/devices.ts';
import { findToDeviceTxn, insertToDeviceMessages, insertToDeviceTxn, type ToDeviceRow } from '../storage/repos/toDevice.ts';

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
 */
export async function sendToDevice(deps: AppDeps, auth: AuthContext, input: SendToDeviceInput): Promise<void> {
  const db = deps.database.db;
  if (await findToDeviceTxn(db, auth.userId, auth.deviceId, input.type, input.txnId)) return;
  for (const userId of Object.keys(input.messages)) {
    if (!parseUserId(userId)) throw new MatrixError('M_INVALID_PARAM', `Invalid user ID ${JSON.stringify(userId)}`);
  }
  let sent: { stream: number; recipients: Set<string> };
  try {
    sent = await deps.database.transaction(async (tx) => {
      await insertToDeviceTxn(tx, auth.userId, auth.deviceId, input.type, input.txnId, deps.now());
      const stream = await allocateStreamPosition(tx);
      const rows: Array<Omit<ToDeviceRow, 'id'>> = [];
      const recipients = new Set<string>();
      for (const [userId, byDevice] of Object.entries(input.messages)) {
        // No federation yet: messages for remote users are dropped.
        if (serverNameOf(userId) !== deps.config.serverName) continue;
        const devices = new Set((await listDevices(tx, userId)).map((d) => d.device_id));
        for (const [target, content] of Object.entries(byDevice)) {
          const targets = target === '*' ? [...devices] : devices.has(target) ? [target] : [];
          const json = JSON.stringify(content);
          for (const deviceId of targets) {
            rows.push({ user_id: userId, device_id: deviceId, stream, sender: auth.userId, type: input.type, content: json, txn_key: null });
            recipients.add(userId);
          }
        }
      }
      await insertToDeviceMessages(tx, rows);
      return { stream, recipients };
    });
  } catch (err) {
    // A concurrent request with the same txnId won the primary key: it is the send.
    if (!(err instanceof MatrixError) && (await findToDeviceTxn(db, auth.userId, auth.deviceId, input.type, input.txnId))) return;
    throw err;
  }
  deps.notifier.notify(sent.stream, sent.recipients, ['to_device']);
}
