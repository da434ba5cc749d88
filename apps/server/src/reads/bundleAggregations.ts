import { BUNDLED_REL_TYPES, listAggregates, listEventsAtStreams, type AggregateRow } from '../storage/repos/relations.ts';
import type { Queryable } from '../storage/schema.ts';
import { toClientEvents, type ClientEvent, type FormatContext } from '../sync/formatEvent.ts';

export interface BundleOptions {
  /** The viewer: `current_user_participated` is about them, and their own sends carry their transaction ID. */
  userId: string;
  /** Relations after this stream position are left out (the sync position, the viewer's departure). */
  upTo: number;
  format: FormatContext;
  /** Users the viewer ignores: their replies, edits and references are left out (as if unsent). */
  ignored?: ReadonlySet<string>;
}

const ALL = new Set<string>(BUNDLED_REL_TYPES);
/** A thread's latest event gets its own aggregations, but no thread (one cannot start from a relation). */
const NESTED = new Set<string>(['m.replace', 'm.reference']);

interface Bundle {
  edit?: AggregateRow;
  references: AggregateRow[];
  thread?: AggregateRow;
}

/** Newest edit by origin_server_ts, then the lexicographically largest event ID (event_replacements.md). */
function newer(a: AggregateRow, b: AggregateRow | undefined): boolean {
  if (!b) return true;
  const ta = Number(a.origin_server_ts);
  const tb = Number(b.origin_server_ts);
  return ta !== tb ? ta > tb : (a.event_id ?? '') > (b.event_id ?? '');
}

/**
 * Adds the server-side aggregations (`unsigned['m.relations']`) to served events, for a whole
 * batch at once: one statement when none of them has relations, and at most five when they do
 * (the aggregates; the latest edits and thread replies; their redactions; the latest replies'
 * own aggregates and edits), however many events the batch holds. Bundled per spec v1.19:
 * `m.thread` (latest_event with its own aggregations, count, current_user_participated),
 * `m.replace` (the newest valid edit, as a full event; none on a redacted original) and
 * `m.reference` (`chunk` of event IDs). Annotations are not bundled. Mutates `events`.
 */
export async function bundleAggregations(db: Queryable, events: readonly ClientEvent[], opts: BundleOptions): Promise<void> {
  await bundle(db, events, opts, ALL);
}

async function bundle(db: Queryable, events: readonly ClientEvent[], opts: BundleOptions, relTypes: ReadonlySet<string>): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.event_id))];
  const rows = await listAggregates(db, ids, opts.userId, opts.upTo, relTypes, opts.ignored);
  if (rows.length === 0) return;
  const bundles = new Map<string, Bundle>();
  for (const row of rows) {
    let b = bundles.get(row.relates_to);
    if (!b) bundles.set(row.relates_to, (b = { references: [] }));
    if (row.rel_type === 'm.replace' && newer(row, b.edit)) b.edit = row;
    else if (row.rel_type === 'm.reference') b.references.push(row);
    else if (row.rel_type === 'm.thread') b.thread = row;
  }
  const wanted = [...bundles.values()].flatMap((b) => [...(b.edit ? [Number(b.edit.stream)] : []), ...(b.thread ? [Number(b.thread.stream)] : [])]);
  const fetchedRows = await listEventsAtStreams(db, [...new Set(wanted)]);
  const fetched = await toClientEvents(db, fetchedRows, opts.format);
  // toClientEvents keeps the order of its rows: index the formatted events by stream position.
  const byStream = new Map(fetchedRows.map((r, i) => [Number(r.stream), fetched[i]!]));
  const latestReplies: ClientEvent[] = [];
  for (const ev of events) {
    const b = bundles.get(ev.event_id);
    if (!b) continue;
    const relations: Record<string, unknown> = {};
    const redacted = ev.unsigned.redacted_because !== undefined;
    const edit = b.edit && !redacted ? byStream.get(Number(b.edit.stream)) : undefined;
    if (edit) relations['m.replace'] = edit;
    if (b.references.length > 0) {
      const refs = [...b.references].sort((x, y) => Number(x.stream) - Number(y.stream));
      relations['m.reference'] = { chunk: refs.map((r) => ({ event_id: r.event_id })) };
    }
    if (b.thread) {
      const latest = byStream.get(Number(b.thread.stream));
      if (latest) {
        latestReplies.push(latest);
        relations['m.thread'] = { latest_event: latest, count: Number(b.thread.n), current_user_participated: Number(b.thread.mine) === 1 || ev.sender === opts.userId };
      }
    }
    if (Object.keys(relations).length > 0) ev.unsigned['m.relations'] = { ...((ev.unsigned['m.relations'] as object | undefined) ?? {}), ...relations };
  }
  if (relTypes.has('m.thread')) await bundle(db, [...new Set(latestReplies)], opts, NESTED);
}
