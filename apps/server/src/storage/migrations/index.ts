import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.ts';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_accounts.ts';
import * as m0003 from './0003_to_device_txns.ts';
import * as m0004 from './0004_search.ts';
import * as m0005 from './0005_txn_paths_refresh_retry.ts';
import * as m0006 from './0006_stream_changes.ts';
import * as m0007 from './0007_user_directory.ts';
import * as m0008 from './0008_cross_signing_key_backup.ts';
import * as m0009 from './0009_media.ts';
import * as m0010 from './0010_presence_pushers.ts';
import * as m0011 from './0011_relations.ts';
import * as m0012 from './0012_push_rules_notifications.ts';
import * as m0013 from './0013_pusher_delivery.ts';
import * as m0014 from './0014_events_room_ts.ts';
import * as m0015 from './0015_guests.ts';
import * as m0016 from './0016_push_counts.ts';

type Up = (db: Kysely<unknown>, dialect: Dialect) => Promise<void>;

/** Append-only: never edit or reorder an entry that has shipped; add a new one. */
const ORDERED: Array<[string, Up]> = [
  ['0001_initial', m0001.up],
  ['0002_accounts', m0002.up],
  ['0003_to_device_txns', m0003.up],
  ['0004_search', m0004.up],
  ['0005_txn_paths_refresh_retry', m0005.up],
  ['0006_stream_changes', m0006.up],
  ['0007_user_directory', m0007.up],
  ['0008_cross_signing_key_backup', m0008.up],
  ['0009_media', m0009.up],
  ['0010_presence_pushers', m0010.up],
  ['0011_relations', m0011.up],
  ['0012_push_rules_notifications', m0012.up],
  ['0013_pusher_delivery', m0013.up],
  ['0014_events_room_ts', m0014.up],
  ['0015_guests', m0015.up],
  ['0016_push_counts', m0016.up],
];

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(ORDERED.map(([name, up]) => [name, { up: (db: Kysely<unknown>) => up(db, dialect) }]));
}
