import { MatrixError } from '../errors/MatrixError.ts';

/** Where a /hierarchy walk resumes: the root, the walk's settings, and how many rooms earlier pages listed. */
export interface HierarchyPosition {
  roomId: string;
  maxDepth: number;
  suggestedOnly: boolean;
  /** Rooms listed by earlier pages: the walk is deterministic, so the next page starts after them. */
  skip: number;
}

/** The opaque `next_batch` of a /hierarchy page (base64url JSON; it carries nothing the caller may not know). */
export function encodeHierarchyToken(p: HierarchyPosition): string {
  return Buffer.from(JSON.stringify({ r: p.roomId, d: p.maxDepth, s: p.suggestedOnly ? 1 : 0, n: p.skip })).toString('base64url');
}

/**
 * The position a `from` token names, checked against this request: M_INVALID_PARAM for a token
 * this server did not issue, one for another room, or a changed `max_depth` or `suggested_only`
 * (the spec forbids changing them while paginating); `maxSkip` bounds a forged position.
 */
export function decodeHierarchyToken(token: string, expected: Omit<HierarchyPosition, 'skip'>, maxSkip: number): number {
  const invalid = new MatrixError('M_INVALID_PARAM', 'Unknown or invalid from token');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid;
  const t = parsed as Record<string, unknown>;
  if (t.r !== expected.roomId) throw invalid;
  if (!Number.isSafeInteger(t.n) || (t.n as number) < 1 || (t.n as number) > maxSkip) throw invalid;
  if (t.d !== expected.maxDepth || t.s !== (expected.suggestedOnly ? 1 : 0)) {
    throw new MatrixError('M_INVALID_PARAM', 'suggested_only and max_depth cannot change on paginated requests');
  }
  return t.n as number;
}
