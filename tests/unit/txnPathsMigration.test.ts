import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { migrateToLatest, openDatabase, type Database } from '../../apps/server/src/storage/openDatabase.ts';
import { migrationsFor } from '../../apps/server/src/storage/migrations/index.ts';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';

// 0005 scopes transaction IDs to the request path: existing rows take their path from the
// event they produced; rows whose path is lost keep matching any path (empty endpoint/type).
for (const kind of DATABASES) {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  test(`0005 gives existing transaction IDs their request path [${kind}]`, async () => {
    scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
    database = await openDatabase({ databaseUrl: scratch?.url ?? null, dataDir: '', ephemeral: true });
    const db = database.db as any;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrationsFor(database!.dialect) },
      migrationTableName: 'parley_migrations',
      migrationLockTableName: 'parley_migration_lock',
    });
    const { error } = await migrator.migrateTo('0004_search');
    assert.equal(error, undefined);
    const event = (stream: number, eventId: string, type: string, json: Record<string, unknown>) => ({
      stream,
      event_id: eventId,
      room_id: '!r:x',
      type,
      state_key: null,
      sender: '@a:x',
      origin_server_ts: 1,
      json: JSON.stringify({ type, room_id: '!r:x', content: {}, ...json }),
      prev_content: null,
      redacted_by: null,
      txn_id: null,
      txn_device_id: null,
      membership: null,
    });
    await db
      .insertInto('events')
      .values([
        event(1, '$msg', 'm.room.message', { content: { body: 'hi' } }),
        event(2, '$red10', 'm.room.redaction', { redacts: '$msg' }),
        event(3, '$red11', 'm.room.redaction', { content: { redacts: '$msg' } }),
        event(4, '$redlost', 'm.room.redaction', {}),
      ])
      .execute();
    const txn = (txnId: string, eventId: string) => ({ user_id: '@a:x', device_id: 'D', txn_id: txnId, event_id: eventId, created_ts: 5 });
    await db
      .insertInto('event_txns')
      .values([txn('t1', '$msg'), txn('t2', '$red10'), txn('t3', '$red11'), txn('t4', '$redlost'), txn('t5', '$gone')])
      .execute();
    await db.insertInto('to_device_txns').values({ user_id: '@a:x', device_id: 'D', txn_id: 't6', created_ts: 5 }).execute();

    await migrateToLatest(database);

    const rows = await db.selectFrom('event_txns').select(['txn_id', 'endpoint', 'room_id', 'target', 'event_id', 'created_ts']).orderBy('txn_id').execute();
    assert.deepEqual(
      rows.map((r: any) => ({ ...r, created_ts: Number(r.created_ts) })),
      [
        { txn_id: 't1', endpoint: 'send', room_id: '!r:x', target: 'm.room.message', event_id: '$msg', created_ts: 5 },
        { txn_id: 't2', endpoint: 'redact', room_id: '!r:x', target: '$msg', event_id: '$red10', created_ts: 5 },
        { txn_id: 't3', endpoint: 'redact', room_id: '!r:x', target: '$msg', event_id: '$red11', created_ts: 5 },
        { txn_id: 't4', endpoint: '', room_id: '', target: '', event_id: '$redlost', created_ts: 5 },
        { txn_id: 't5', endpoint: '', room_id: '', target: '', event_id: '$gone', created_ts: 5 },
      ],
    );
    const toDevice = await db.selectFrom('to_device_txns').select(['txn_id', 'event_type']).execute();
    assert.deepEqual(toDevice, [{ txn_id: 't6', event_type: '' }]);
    // The primary key now includes the path: the same txnId on another path is accepted.
    await db
      .insertInto('event_txns')
      .values({ ...txn('t1', '$other'), endpoint: 'send', room_id: '!other:x', target: 'm.room.message' })
      .execute();
    await assert.rejects(
      db
        .insertInto('event_txns')
        .values({ ...txn('t1', '$again'), endpoint: 'send', room_id: '!other:x', target: 'm.room.message' })
        .execute(),
    );
    const count = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM event_txns WHERE txn_id = 't1'`.execute(db);
    assert.equal(Number(count.rows[0]!.n), 2);
  });
}
