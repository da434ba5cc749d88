import { contracts, MAX_APP_ID_LENGTH, MAX_PUSHKEY_BYTES } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { invalidParam, missingParam } from '../../../errors/MatrixError.ts';
import { listPushers } from '../../../storage/repos/pushers.ts';
import { setPusher, type PusherInput } from '../../../actions/setPusher.ts';

/** Bounds Parley adds where the spec sets none. */
const MAX_NAME_LENGTH = 255;
const MAX_DATA_JSON = 4096;
const NOTIFY_PATH = '/_matrix/push/v1/notify';

export const getPushers = defineEndpoint(contracts.getPushers, {
  handler: async ({ deps, auth }) => {
    const rows = await listPushers(deps.database.db, auth.userId);
    return {
      pushers: rows.map((p) => ({
        pushkey: p.pushkey,
        kind: p.kind,
        app_id: p.app_id,
        app_display_name: p.app_display_name,
        device_display_name: p.device_display_name,
        ...(p.profile_tag !== null ? { profile_tag: p.profile_tag } : {}),
        lang: p.lang,
        data: JSON.parse(p.data) as Record<string, unknown>,
      })),
    };
  },
});

export const postPusher = defineEndpoint(contracts.postPusher, {
  handler: async ({ deps, auth, body }) => {
    await setPusher(deps, checkPusherBody(body, auth.userId, auth.deviceId));
    return {};
  },
});

/** POST /pushers/set's body: required fields by `kind` (M_MISSING_PARAM), then their shapes and bounds (M_INVALID_PARAM). */
function checkPusherBody(body: Record<string, unknown>, userId: string, deviceId: string): PusherInput {
  const missing = ['kind', 'app_id', 'pushkey'].filter((k) => !(k in body));
  if (missing.length === 0 && body.kind !== null) missing.push(...['app_display_name', 'device_display_name', 'lang', 'data'].filter((k) => body[k] === undefined));
  if (missing.length > 0) throw missingParam(`Missing parameters: ${missing.join(', ')}`);
  const { kind, app_id: appId, pushkey, append } = body;
  if (typeof appId !== 'string' || appId.length === 0 || appId.length > MAX_APP_ID_LENGTH) throw invalidParam(`app_id must be a string of 1 to ${MAX_APP_ID_LENGTH} characters`);
  if (typeof pushkey !== 'string' || pushkey.length === 0 || Buffer.byteLength(pushkey) > MAX_PUSHKEY_BYTES)
    throw invalidParam(`pushkey must be a string of 1 to ${MAX_PUSHKEY_BYTES} bytes`);
  if (append !== undefined && typeof append !== 'boolean') throw invalidParam('append must be a boolean');
  const base = { userId, deviceId, appId, pushkey, append: append === true };
  if (kind === null) return { ...base, pusher: null };
  if (kind !== 'http' && kind !== 'email') throw invalidParam('kind must be "http", "email" or null');
  const name = (key: string, optional = false): string | null => {
    const v = body[key];
    if (optional && v === undefined) return null;
    if (typeof v !== 'string' || v.length > MAX_NAME_LENGTH) throw invalidParam(`${key} must be a string of at most ${MAX_NAME_LENGTH} characters`);
    return v;
  };
  const data = body.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidParam('data must be an object');
  const dataJson = JSON.stringify(data);
  if (dataJson.length > MAX_DATA_JSON) throw invalidParam(`data must be at most ${MAX_DATA_JSON} characters of JSON`);
  if (kind === 'http') checkPushGatewayUrl((data as Record<string, unknown>).url);
  return {
    ...base,
    pusher: {
      kind,
      app_display_name: name('app_display_name')!,
      device_display_name: name('device_display_name')!,
      profile_tag: name('profile_tag', true),
      lang: name('lang')!,
      data: dataJson,
    },
  };
}

/** An http pusher's data.url: an http(s) URL whose path is the push gateway API's notify path. */
function checkPushGatewayUrl(url: unknown): void {
  if (url === undefined) throw missingParam("Missing parameters: data.url (required for kind 'http')");
  let parsed: URL | null = null;
  if (typeof url === 'string' && url.length <= 2048) {
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.pathname !== NOTIFY_PATH)
    throw invalidParam(`data.url must be an http(s) URL with the path ${NOTIFY_PATH}`);
}
