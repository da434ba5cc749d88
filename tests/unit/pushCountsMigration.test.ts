import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { openDatabase, type Database } from '../../apps/server/src/storage/openDatabase.ts';
import { migrationsFor } from '../../apps/server/src/storage/migrations/index.ts';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';

// 0016 keeps unread counts in push_counts, filled from the push actions after each user's read
// receipts, and re-keys event_push_actions by (event_id, user_id) without losing a row.
for (const kind of DATABASES) {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  test(`0016 fills push_counts from the unread push actions and keeps every action [${kind}]`, async () => {
    scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
    database = await openDatabase({ databaseUrl: scratch?.url ?? null, dataDir: '', ephemeral: true });
    const db = database.db as any;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrationsFor(database!.dialect) },
      migrationTableName: 'parley_migrations',
      migrationLockTableName: 'parley_migration_lock',
    });
    const names = Object.keys(migrationsFor(database.dialect));
    assert.equal((await migrator.migrateTo(names[names.indexOf('0016_push_counts') - 1]!)).error, undefined);
    const event = async (stream: number): Promise<string> => {
      const eventId = `$e${stream}`;
      await db
        .insertInto('events')
        .values({
          stream,
          event_id: eventId,
          room_id: '!r:x',
          type: 'm.room.message',
          state_key: null,
          sender: '@b:x',
          origin_server_ts: 1,
          json: '{}',
          prev_content: null,
          redacted_by: null,
          txn_id: null,
          txn_device_id: null,
          membership: null,
        })
        .execute();
      return eventId;
    };
    const action = (user: string, eventId: string, stream: number, thread: string, highlight: number) =>
      db
        .insertInto('event_push_actions')
        .values({
          user_id: user,
          room_id: '!r:x',
          event_id: eventId,
          stream_ordering: stream,
          thread_id: thread,
          notify: 1,
          highlight,
          actions: '["notify"]',
          ts: 1,
          written_stream: stream + 100,
        })
        .execute();
    for (let s = 1; s <= 4; s++) await event(s);
    // Alice read up to 2 unthreaded; Bob read nothing; Carol read the thread up to 4.
    for (const user of ['@a:x', '@b:x', '@c:x']) {
      await action(user, '$e1', 1, 'main', 0);
      await action(user, '$e2', 2, 'main', 1);
      await action(user, '$e3', 3, '$e1', 0);
      await action(user, '$e4', 4, '$e1', 1);
    }
    await db.insertInto('receipts').values({ room_id: '!r:x', user_id: '@a:x', receipt_type: 'm.read', thread_id: '', event_id: '$e2', ts: 1, stream: 10 }).execute();
    await db.insertInto('receipts').values({ room_id: '!r:x', user_id: '@c:x', receipt_type: 'm.read.private', thread_id: '$e1', event_id: '$e4', ts: 1, stream: 11 }).execute();

    assert.equal((await migrator.migrateTo('0016_push_counts')).error, undefined);
    const counts = await db
      .selectFrom('push_counts')
      .select(['user_id', 'thread_id', 'notification_count', 'highlight_count', 'stream'])
      .orderBy('user_id')
      .orderBy('thread_id')
      .execute();
    assert.deepEqual(
      counts.map((c: Record<string, unknown>) => [c.user_id, c.thread_id, Number(c.notification_count), Number(c.highlight_count), Number(c.stream)]),
      [
        ['@a:x', '$e1', 2, 1, 104],
        ['@b:x', '$e1', 2, 1, 104],
        ['@b:x', 'main', 2, 1, 102],
        ['@c:x', 'main', 2, 1, 102],
      ],
    );
    assert.equal(
      Number(
        (
          await db
            .selectFrom('event_push_actions')
            .select((eb: any) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        ).n,
      ),
      12,
    );
    await assert.rejects(action('@a:x', '$e1', 1, 'main', 0), 'the (event_id, user_id) key still refuses a second row');
  });
}
