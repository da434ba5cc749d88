import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { openDatabase, type Database } from '../../apps/server/src/storage/openDatabase.ts';
import { migrationsFor } from '../../apps/server/src/storage/migrations/index.ts';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';

// 0007 fills user_directory_public_rooms from the current state of existing rooms:
// join rule public or world_readable history, and nothing for an earlier, replaced state.
for (const kind of DATABASES) {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  after(async () => {
    await database?.close();
    await scratch?.drop();
  });

  test(`0007 lists the existing public and world_readable rooms [${kind}]`, async () => {
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
    const before = names[names.indexOf('0007_user_directory') - 1]!;
    assert.equal((await migrator.migrateTo(before)).error, undefined);
    let stream = 0;
    const state = async (roomId: string, type: string, content: Record<string, unknown>, current: boolean): Promise<void> => {
      stream += 1;
      const eventId = `$e${stream}`;
      await db
        .insertInto('events')
        .values({
          stream,
          event_id: eventId,
          room_id: roomId,
          type,
          state_key: '',
          sender: '@a:x',
          origin_server_ts: 1,
          json: JSON.stringify({ type, room_id: roomId, state_key: '', content }),
          prev_content: null,
          redacted_by: null,
          txn_id: null,
          txn_device_id: null,
          membership: null,
        })
        .execute();
      if (current) await db.insertInto('current_state').values({ room_id: roomId, type, state_key: '', event_id: eventId, stream }).execute();
    };
    await state('!public:x', 'm.room.join_rules', { join_rule: 'public' }, true);
    await state('!readable:x', 'm.room.join_rules', { join_rule: 'invite' }, true);
    await state('!readable:x', 'm.room.history_visibility', { history_visibility: 'world_readable' }, true);
    await state('!private:x', 'm.room.join_rules', { join_rule: 'public' }, false);
    await state('!private:x', 'm.room.join_rules', { join_rule: 'invite' }, true);
    await state('!private:x', 'm.room.history_visibility', { history_visibility: 'shared' }, true);
    assert.equal((await migrator.migrateTo('0007_user_directory')).error, undefined);
    const rows = await db.selectFrom('user_directory_public_rooms').select('room_id').orderBy('room_id').execute();
    assert.deepEqual(
      rows.map((r: { room_id: string }) => r.room_id),
      ['!public:x', '!readable:x'],
    );
  });
}
