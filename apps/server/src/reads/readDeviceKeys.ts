import type { Queryable } from '../storage/schema.ts';
import { listDeviceKeysOfUsers } from '../storage/repos/keys.ts';
import { listCrossSigningKeysOfUsers, listVisibleKeySignatures } from '../storage/repos/crossSigning.ts';

/** Users per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const USERS_PER_READ = 1000;

type KeyJson = Record<string, unknown> & { signatures?: Record<string, Record<string, string>> };

export interface QueriedKeys {
  device_keys: Record<string, Record<string, KeyJson>>;
  master_keys: Record<string, KeyJson>;
  self_signing_keys: Record<string, KeyJson>;
  user_signing_keys: Record<string, KeyJson>;
}

/**
 * The keys of `POST /keys/query` for local users, as `viewer` may see them: device keys (all
 * devices, or those listed per user) with their display names, master and self-signing keys, and
 * the viewer's own user-signing key. Signatures stored by /keys/signatures/upload are merged in
 * when the spec lets the viewer see them (made by the key's owner, or by the viewer).
 */
export async function readDeviceKeys(db: Queryable, viewer: string, wanted: Readonly<Record<string, readonly string[]>>): Promise<QueriedKeys> {
  const users = Object.keys(wanted);
  const out: QueriedKeys = { device_keys: {}, master_keys: {}, self_signing_keys: {}, user_signing_keys: {} };
  if (users.length === 0) return out;
  const devices: Awaited<ReturnType<typeof listDeviceKeysOfUsers>> = [];
  const crossSigning: Awaited<ReturnType<typeof listCrossSigningKeysOfUsers>> = [];
  const signatures: Awaited<ReturnType<typeof listVisibleKeySignatures>> = [];
  // In chunks, so a query for a very large room stays under the databases' bound-parameter limits.
  for (let i = 0; i < users.length; i += USERS_PER_READ) {
    const chunk = users.slice(i, i + USERS_PER_READ);
    const [d, c, s] = await Promise.all([listDeviceKeysOfUsers(db, chunk), listCrossSigningKeysOfUsers(db, chunk), listVisibleKeySignatures(db, chunk, viewer)]);
    devices.push(...d);
    crossSigning.push(...c);
    signatures.push(...s);
  }
  const extra = new Map<string, Array<{ signer: string; keyId: string; signature: string }>>();
  for (const s of signatures) {
    const k = `${s.target_user_id}\u0000${s.target_key_id}`;
    let list = extra.get(k);
    if (!list) extra.set(k, (list = []));
    list.push({ signer: s.signer_user_id, keyId: s.signer_key_id, signature: s.signature });
  }
  const withSignatures = (userId: string, targetKeyId: string, json: string): KeyJson => {
    const key = JSON.parse(json) as KeyJson;
    const more = extra.get(`${userId}\u0000${targetKeyId}`);
    if (!more) return key;
    const sigs: Record<string, Record<string, string>> = {};
    for (const [u, s] of Object.entries(key.signatures ?? {})) sigs[u] = { ...s };
    for (const m of more) (sigs[m.signer] ??= {})[m.keyId] = m.signature;
    return { ...key, signatures: sigs };
  };
  for (const userId of users) out.device_keys[userId] = {};
  for (const row of devices) {
    const only = wanted[row.user_id] ?? [];
    if (only.length > 0 && !only.includes(row.device_id)) continue;
    out.device_keys[row.user_id]![row.device_id] = {
      ...withSignatures(row.user_id, row.device_id, row.key_json),
      unsigned: row.display_name !== null ? { device_display_name: row.display_name } : {},
    };
  }
  for (const row of crossSigning) {
    if (row.key_type === 'master') out.master_keys[row.user_id] = withSignatures(row.user_id, row.key_id, row.key_json);
    else if (row.key_type === 'self_signing') out.self_signing_keys[row.user_id] = JSON.parse(row.key_json) as KeyJson;
    else if (row.key_type === 'user_signing' && row.user_id === viewer) out.user_signing_keys[row.user_id] = JSON.parse(row.key_json) as KeyJson;
  }
  return out;
}
