import type { AppDeps } from '../deps.ts';
import type { Tx } from '../storage/schema.ts';
import { FeedWriter } from './FeedWriter.ts';

/**
 * Runs `fn` in a transaction of `deps.database` with a writer for its stream position
 * and changes (feed/FeedWriter.ts); at the end of the transaction the changes' audiences
 * are resolved and the changes stored in `stream_changes`; once the commit is durable,
 * `deps.feed` dispatches them to its subscribers. If `fn` throws, the transaction rolls
 * back and nobody hears of it. Every write goes through here (rooms/writeToRoom.ts adds
 * the room lock). It uses the deps it is given, so a caller that joins several actions
 * into one transaction (the bench's BulkWriter) keeps doing so.
 */
export async function commitChanges<T>(deps: Pick<AppDeps, 'database' | 'feed' | 'now'>, fn: (tx: Tx, feed: FeedWriter) => Promise<T>): Promise<T> {
  const { result, delivery } = await deps.database.transaction(async (tx) => {
    const writer = new FeedWriter(tx);
    const result = await fn(tx, writer);
    return { result, delivery: await writer.seal(deps.now()) };
  });
  if (delivery) deps.feed.dispatch(delivery);
  return result;
}
