import { MatrixError } from '../errors/MatrixError.ts';
import type { SearchCursor } from '../storage/repos/search.ts';

/** A group the page is confined to, when the token came from `groups.<key>.<value>.next_batch`. */
export interface SearchGroupScope {
  key: 'room_id' | 'sender';
  value: string;
}

/** What a search `next_batch` token carries: where the first page stood, where the next page starts. */
export interface SearchBatchToken {
  /** Stream position of the first page: later events stay out, so pages never shift. */
  ceiling: number;
  cursor: SearchCursor;
  group?: SearchGroupScope;
}

export function formatSearchBatchToken(t: SearchBatchToken): string {
  const c = t.cursor;
  const fields: unknown[] = [1, t.ceiling, c.order === 'recent' ? ['recent', c.stream] : ['rank', c.rank, c.stream, c.offset]];
  if (t.group) fields.push([t.group.key, t.group.value]);
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

const invalid = (): MatrixError => new MatrixError('M_INVALID_PARAM', 'Invalid next_batch token');
const isPosition = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses a token from formatSearchBatchToken; anything else is M_INVALID_PARAM. */
export function parseSearchBatchToken(token: string): SearchBatchToken {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(token)) throw invalid();
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(fields) || fields.length < 3 || fields.length > 4 || fields[0] !== 1 || !isPosition(fields[1])) throw invalid();
  const c: unknown = fields[2];
  let cursor: SearchCursor;
  if (Array.isArray(c) && c.length === 2 && c[0] === 'recent' && isPosition(c[1])) cursor = { order: 'recent', stream: c[1] };
  else if (Array.isArray(c) && c.length === 4 && c[0] === 'rank' && typeof c[1] === 'number' && Number.isFinite(c[1]) && isPosition(c[2]) && isPosition(c[3]))
    cursor = { order: 'rank', rank: c[1], stream: c[2], offset: c[3] };
  else throw invalid();
  const out: SearchBatchToken = { ceiling: fields[1], cursor };
  if (fields.length === 4) {
    const g: unknown = fields[3];
    if (!Array.isArray(g) || g.length !== 2 || (g[0] !== 'room_id' && g[0] !== 'sender') || typeof g[1] !== 'string') throw invalid();
    out.group = { key: g[0], value: g[1] };
  }
  return out;
}
