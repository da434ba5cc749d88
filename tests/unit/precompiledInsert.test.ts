import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest, openDatabase, type Database } from '../../apps/server/src/storage/openDatabase.ts';
import { insertPushActions } from '../../apps/server/src/storage/repos/pushActions.ts';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';

// precompiledInsert writes many rows in statements of at most 500, its SQL cached per row count,
// and keeps the ON CONFLICT clause it was given (here: a second row for the same event and user is dropped).
for (const kind of DATABASES) {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  test(`precompiledInsert: 1,201 rows in three statements, conflicts kept out [${kind}]`, async () => {
    scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
    database = await openDatabase({ databaseUrl: scratch?.url ?? null, dataDir: '', ephemeral: true });
    await migrateToLatest(database);
    const row = (i: number, user = `@u${i}:x`) => ({
      user_id: user,
      room_id: '!r:x',
      event_id: `$e${i % 7}`,
      stream_ordering: i,
      thread_id: 'main',
      notify: 1,
      highlight: i % 2,
      actions: '["notify"]',
      ts: i,
      written_stream: i,
    });
    const before = database.stats.queries;
    await database.db.transaction().execute((tx) =>
      insertPushActions(
        tx,
        Array.from({ length: 1201 }, (_, i) => row(i)),
      ),
    );
    assert.equal(database.stats.queries - before, 3 + 2, 'three inserts (500, 500, 201) between begin and commit');
    await database.db.transaction().execute((tx) => insertPushActions(tx, [row(3), row(1201)]));
    const n = await database.db
      .selectFrom('event_push_actions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1202, 'the repeated (event, user) row was dropped, the new one kept');
    const one = await database.db.selectFrom('event_push_actions').selectAll().where('user_id', '=', '@u1200:x').executeTakeFirstOrThrow();
    assert.deepEqual([one.event_id, Number(one.stream_ordering), one.highlight, one.actions], ['$e3', 1200, 0, '["notify"]']);
  });
}
