import { canonicalJson, parseUserId, serverNameOf, verifyJsonSignature, type Errcode } from '@parley/protocol/node';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { listCrossSigningKeysOfUsers, listKeySignaturesBy, upsertKeySignatures, type KeySignatureRow } from '../storage/repos/crossSigning.ts';
import { insertDeviceListChange, listDeviceKeysOfUsers } from '../storage/repos/keys.ts';

/** Most signed objects in one request: a client signs a handful (its device, its master key, a verified user). */
export const MAX_SIGNED_OBJECTS = 100;

export interface SignatureFailure {
  errcode: Errcode;
  error: string;
}

/** user ID -> key ID -> why the signatures on that object were not stored. */
export type SignatureFailures = Record<string, Record<string, SignatureFailure>>;

type Signed = Record<string, unknown>;

/** A key the caller may sign, as stored, with the keys that may sign it (key ID -> public key). */
interface Target {
  stored: Signed;
  signers: Map<string, string>;
  /** Signatures by the caller stored earlier on this key (signer key ID -> signature). */
  earlier: Record<string, string>;
}

class Refusal extends Error {
  constructor(
    readonly errcode: Errcode,
    message: string,
  ) {
    super(message);
  }
}

/** The object without `signatures` and `unsigned`: what a signature covers. */
function signedPart(obj: Signed): Signed {
  const { signatures: _s, unsigned: _u, ...rest } = obj;
  return rest;
}

/**
 * Stores the caller's signatures on keys (POST /keys/signatures/upload): on their own devices by
 * their self-signing key, on their own master key by one of their devices, on another local
 * user's master key by their user-signing key. Each signed object must be the stored key with the
 * new signatures added; each new signature is verified. What fails is reported per user and key
 * in the result; the rest is stored, and is a device-list change of each user whose key got one.
 */
export async function uploadKeySignatures(deps: AppDeps, userId: string, body: Record<string, Record<string, unknown>>): Promise<SignatureFailures> {
  const total = Object.values(body).reduce((n, keys) => n + Object.keys(keys).length, 0);
  if (total > MAX_SIGNED_OBJECTS || Object.keys(body).length > MAX_SIGNED_OBJECTS)
    throw new MatrixError('M_INVALID_PARAM', `At most ${MAX_SIGNED_OBJECTS} signed objects per request`);
  const failures: SignatureFailures = {};
  await commitChanges(deps, async (tx, feed) => {
    const users = Object.keys(body).filter((u) => parseUserId(u) && serverNameOf(u) === deps.config.serverName);
    if (!users.includes(userId)) users.push(userId);
    const crossSigning = new Map<string, Map<string, { keyId: string; json: string }>>();
    for (const row of await listCrossSigningKeysOfUsers(tx, users)) {
      let m = crossSigning.get(row.user_id);
      if (!m) crossSigning.set(row.user_id, (m = new Map()));
      m.set(row.key_type, { keyId: row.key_id, json: row.key_json });
    }
    const own = crossSigning.get(userId);
    // Signatures the caller stored before: /keys/query merged them into the objects the client sends back.
    const earlier = new Map<string, Record<string, string>>();
    for (const r of await listKeySignaturesBy(tx, users, userId)) {
      const k = `${r.target_user_id}\u0000${r.target_key_id}`;
      earlier.set(k, { ...earlier.get(k), [r.signer_key_id]: r.signature });
    }
    const ownDevices = new Map((await listDeviceKeysOfUsers(tx, [userId])).map((r) => [r.device_id, JSON.parse(r.key_json) as Signed]));

    const targetOf = (targetUser: string, keyId: string): Target => {
      const master = crossSigning.get(targetUser)?.get('master');
      if (targetUser === userId) {
        if (master && master.keyId === keyId) {
          const signers = new Map<string, string>();
          for (const [deviceId, keys] of ownDevices) {
            const pub = (keys.keys as Record<string, unknown> | undefined)?.[`ed25519:${deviceId}`];
            if (typeof pub === 'string') signers.set(`ed25519:${deviceId}`, pub);
          }
          return { stored: JSON.parse(master.json) as Signed, signers, earlier: earlier.get(`${targetUser}\u0000${keyId}`) ?? {} };
        }
        const device = ownDevices.get(keyId);
        if (device) {
          const ssk = own?.get('self_signing');
          return { stored: device, signers: new Map(ssk ? [[`ed25519:${ssk.keyId}`, ssk.keyId]] : []), earlier: earlier.get(`${targetUser}\u0000${keyId}`) ?? {} };
        }
        throw new Refusal('M_NOT_FOUND', 'No such device or master key');
      }
      if (!master || master.keyId !== keyId) throw new Refusal('M_NOT_FOUND', "Not the user's master key");
      const usk = own?.get('user_signing');
      return {
        stored: JSON.parse(master.json) as Signed,
        signers: new Map(usk ? [[`ed25519:${usk.keyId}`, usk.keyId]] : []),
        earlier: earlier.get(`${targetUser}\u0000${keyId}`) ?? {},
      };
    };

    const rows: KeySignatureRow[] = [];
    const changedUsers = new Set<string>();
    for (const [targetUser, keys] of Object.entries(body)) {
      for (const [keyId, obj] of Object.entries(keys)) {
        try {
          const fresh = checkSignedObject(userId, targetUser, keyId, obj, targetOf);
          for (const [signerKeyId, signature] of fresh)
            rows.push({ target_user_id: targetUser, target_key_id: keyId, signer_user_id: userId, signer_key_id: signerKeyId, signature, stream: 0 });
          if (fresh.length > 0) changedUsers.add(targetUser);
        } catch (err) {
          if (!(err instanceof Refusal)) throw err;
          (failures[targetUser] ??= {})[keyId] = { errcode: err.errcode, error: err.message };
        }
      }
    }
    if (rows.length === 0) return;
    const stream = await feed.position();
    await upsertKeySignatures(
      tx,
      rows.map((r) => ({ ...r, stream })),
    );
    for (const u of changedUsers) {
      await insertDeviceListChange(tx, u, stream);
      feed.emit({ kind: 'device_list', userId: u });
    }
  });
  return failures;
}

/** The new, verified signatures (signer key ID, signature) the caller put on one object; throws a Refusal. */
function checkSignedObject(userId: string, targetUser: string, keyId: string, obj: unknown, targetOf: (targetUser: string, keyId: string) => Target): Array<[string, string]> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Refusal('M_BAD_JSON', 'The signed object must be a JSON object');
  const signed = obj as Signed;
  const sigs = (signed.signatures as Record<string, unknown> | undefined)?.[userId];
  if (typeof sigs !== 'object' || sigs === null || Array.isArray(sigs) || Object.values(sigs).some((s) => typeof s !== 'string')) {
    throw new Refusal('M_BAD_JSON', `The signed object has no signatures by ${userId}`);
  }
  if (!parseUserId(targetUser)) throw new Refusal('M_INVALID_PARAM', 'Not a user ID');
  const target = targetOf(targetUser, keyId);
  let same: boolean;
  try {
    same = canonicalJson(signedPart(signed)) === canonicalJson(signedPart(target.stored));
  } catch {
    throw new Refusal('M_BAD_JSON', 'The signed object is not canonical JSON');
  }
  if (!same) throw new Refusal('M_INVALID_PARAM', 'The signed object is not the stored key');
  const already = ((target.stored.signatures as Record<string, Record<string, string>> | undefined)?.[userId] ?? {}) as Record<string, string>;
  const fresh: Array<[string, string]> = [];
  for (const [signerKeyId, signature] of Object.entries(sigs as Record<string, string>)) {
    if (already[signerKeyId] === signature || target.earlier[signerKeyId] === signature) continue;
    const pub = target.signers.get(signerKeyId);
    if (pub === undefined) throw new Refusal('M_INVALID_SIGNATURE', `${signerKeyId} may not sign this key`);
    const single = { ...signedPart(target.stored), signatures: { [userId]: { [signerKeyId]: signature } } };
    if (!verifyJsonSignature(single, userId, signerKeyId, pub)) throw new Refusal('M_INVALID_SIGNATURE', `Invalid signature by ${signerKeyId}`);
    fresh.push([signerKeyId, signature]);
  }
  return fresh;
}
