import type { SearchCursor, SearchMatchKey } from '../storage/repos/search.ts';

export interface SearchScan<R> {
  kept: R[];
  /** For each kept row, the cursor just after it. */
  keptCursors: SearchCursor[];
  /** Cursor after the last row read: the next read starts there. */
  cursor: SearchCursor | undefined;
  /** The matches ran out: nothing lies past `cursor`. */
  exhausted: boolean;
}

/**
 * Reads matches after `from` with `read` in batches (doubling to 1000) until `want`
 * rows pass `keep`, the matches run out, or `budget` rows were read. Like
 * scanRoomEvents, so hidden rows never shorten a page and cost log(n) reads.
 */
export async function scanSearchMatches<R extends SearchMatchKey>(
  read: (cursor: SearchCursor | undefined, limit: number) => Promise<R[]>,
  order: 'recent' | 'rank',
  from: SearchCursor | undefined,
  want: number,
  budget: number,
  keep: (r: R) => boolean,
): Promise<SearchScan<R>> {
  const kept: R[] = [];
  const keptCursors: SearchCursor[] = [];
  const startOffset = from?.order === 'rank' ? from.offset : 0;
  let cursor = from;
  let exhausted = false;
  let count = 0;
  let batch = Math.max(want, 20);
  while (kept.length < want && !exhausted && count < budget) {
    const size = Math.min(batch, budget - count);
    const rows = await read(cursor, size);
    exhausted = rows.length < size;
    for (const r of rows) {
      count += 1;
      cursor = order === 'recent' ? { order, stream: Number(r.stream) } : { order, rank: r.rank, stream: Number(r.stream), offset: startOffset + count };
      if (keep(r)) {
        kept.push(r);
        keptCursors.push(cursor);
      }
      if (kept.length >= want) {
        // Rows left unread in this batch mean more matches exist.
        exhausted = false;
        break;
      }
    }
    batch = Math.min(batch * 2, 1000);
  }
  return { kept, keptCursors, cursor, exhausted };
}
