// Permalinks to one event. The client writes links to itself (`https://chat.example.org/#/room/<roomId>/<eventId>`,
// the shape Element uses), so a link opens in Parley wherever it is pasted, and it reads those as well as
// matrix.to links (`https://matrix.to/#/<roomId or #alias>/<eventId>`) and `matrix:` URIs.

export interface Permalink {
  /** A room ID (!abc:server) or an alias (#general:server). */
  room: string;
  eventId: string | null;
}

/** The link "Copy link" puts on the clipboard: this client, at the room and event. */
export function permalinkFor(origin: string, roomId: string, eventId: string): string {
  return `${origin}/#/room/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`;
}

function fromFragment(fragment: string): Permalink | null {
  // `#/room/<room>/<event>` (ours) or `#/<room>/<event>` (matrix.to); a query (`?via=`) may follow.
  const path = fragment.replace(/^#?\/?/, '').split('?')[0]!;
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'room') parts.shift();
  if (parts.length === 0 || parts.length > 2) return null;
  let room: string;
  let eventId: string | null;
  try {
    room = decodeURIComponent(parts[0]!);
    eventId = parts[1] !== undefined ? decodeURIComponent(parts[1]) : null;
  } catch {
    return null;
  }
  if (!/^[!#][^:]+:.+$/.test(room)) return null;
  if (eventId !== null && !eventId.startsWith('$')) return null;
  return { room, eventId };
}

/**
 * Reads a permalink from a URL: this client's own `#/room/...` links (given `origin`, only those on this origin),
 * matrix.to links and `matrix:roomid/...` URIs. Anything else is null.
 */
export function parsePermalink(href: string, origin?: string): Permalink | null {
  if (href.startsWith('#')) return fromFragment(href);
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol === 'matrix:') {
    const m = /^(roomid|r)\/([^/?]+)(?:\/e\/([^/?]+))?/.exec(url.pathname);
    if (!m) return null;
    const room = (m[1] === 'roomid' ? '!' : '#') + decodeURIComponent(m[2]!);
    return { room, eventId: m[3] ? `$${decodeURIComponent(m[3])}` : null };
  }
  if (url.host === 'matrix.to') return fromFragment(url.hash);
  if (origin !== undefined && url.origin === origin && url.hash.startsWith('#/room/')) return fromFragment(url.hash);
  return null;
}
