/**
 * Matrix identifiers (appendices: "Identifier Grammar"), as branded strings.
 */

export type UserId = string & { readonly __brand: 'UserId' };
export type RoomId = string & { readonly __brand: 'RoomId' };
export type EventId = string & { readonly __brand: 'EventId' };
export type RoomAlias = string & { readonly __brand: 'RoomAlias' };
export type DeviceId = string & { readonly __brand: 'DeviceId' };
export type ServerName = string & { readonly __brand: 'ServerName' };

/** Maximum length in bytes of a user ID, room ID, room alias or event ID. */
export const MAX_ID_LENGTH = 255;

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

// Historical grammar: any non-surrogate code point except `:` and NUL.
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isOpaque = (s: string): boolean => !s.includes('\0') && !LONE_SURROGATE_RE.test(s);

const PORT_RE = /^[0-9]{1,5}$/;
const IPV4_RE = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/;
const IPV6_RE = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
const DNS_RE = /^[0-9A-Za-z.-]{1,255}$/;

/** The spec's server_name grammar: hostname [":" port]. */
export function isValidServerName(s: string): boolean {
  let host = s;
  const lastColon = s.lastIndexOf(':');
  const closeBracket = s.lastIndexOf(']');
  if (lastColon !== -1 && lastColon > closeBracket) {
    if (!PORT_RE.test(s.slice(lastColon + 1))) return false;
    host = s.slice(0, lastColon);
  }
  if (host.startsWith('[')) return IPV6_RE.test(host);
  const v4 = IPV4_RE.exec(host);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
  return DNS_RE.test(host);
}

/** Returns `s` as a ServerName if it matches the server_name grammar. */
export function parseServerName(s: string): ServerName | null {
  return isValidServerName(s) ? (s as ServerName) : null;
}

/** Splits `&localpart:domain`; null when the sigil, colon or domain is wrong. */
function splitSigilled(s: string, sigil: string): { localpart: string; domain: string } | null {
  if (!s.startsWith(sigil) || byteLength(s) > MAX_ID_LENGTH) return null;
  const colon = s.indexOf(':');
  if (colon === -1) return null;
  const localpart = s.slice(1, colon);
  const domain = s.slice(colon + 1);
  if (!isOpaque(localpart) || !isValidServerName(domain)) return null;
  return { localpart, domain };
}

/**
 * Parses a user ID. Historical localparts (any code point but `:` and NUL,
 * even empty) are accepted, as the spec requires for existing events; use
 * {@link isValidLocalpart} when allocating new users.
 */
export function parseUserId(s: string): UserId | null {
  return splitSigilled(s, '@') ? (s as UserId) : null;
}

/** Parses a room ID of the `!opaque_id:domain` form used by room versions 1-11. */
export function parseRoomId(s: string): RoomId | null {
  const parts = splitSigilled(s, '!');
  return parts && parts.localpart !== '' ? (s as RoomId) : null;
}

/** Parses an event ID: `$` followed by a non-empty opaque string, at most 255 bytes. */
export function parseEventId(s: string): EventId | null {
  if (!s.startsWith('$') || s.length < 2 || byteLength(s) > MAX_ID_LENGTH || !isOpaque(s)) return null;
  return s as EventId;
}

/** Parses a room alias `#localpart:domain`. */
export function parseRoomAlias(s: string): RoomAlias | null {
  const parts = splitSigilled(s, '#');
  return parts && parts.localpart !== '' ? (s as RoomAlias) : null;
}

const LOCALPART_RE = /^[a-z0-9._=\-/+]+$/;

/**
 * Whether `localpart` may be used for a newly registered user: non-empty,
 * only `a-z 0-9 . _ = - / +`, and (when `serverName` is given) the full user
 * ID fits in 255 bytes.
 */
export function isValidLocalpart(localpart: string, serverName?: string): boolean {
  if (!LOCALPART_RE.test(localpart)) return false;
  const total = serverName === undefined ? localpart.length + 2 : byteLength(`@${localpart}:${serverName}`);
  return total <= MAX_ID_LENGTH;
}

/** Builds `@localpart:server` without validation. */
export function makeUserId(localpart: string, server: string): UserId {
  return `@${localpart}:${server}` as UserId;
}

/** The part between the sigil and the first `:`. */
export function localpartOf(id: UserId | RoomAlias): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id.slice(1) : id.slice(1, colon);
}

/** The part after the first `:` (the empty string when there is none). */
export function serverNameOf(id: string): string {
  const colon = id.indexOf(':');
  return colon === -1 ? '' : id.slice(colon + 1);
}
