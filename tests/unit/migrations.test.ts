import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrationsFor } from '../../apps/server/src/storage/migrations/index.ts';

// Kysely applies migrations in name order and refuses a database whose history is not a prefix
// of the list: names must be numbered 0001, 0002, ... with no gaps, and every file listed.
test('migrations are an ordered, gapless list that names every migration file', () => {
  const names = Object.keys(migrationsFor('sqlite'));
  assert.deepEqual(names, [...names].sort());
  names.forEach((name, i) => assert.match(name, new RegExp(`^${String(i + 1).padStart(4, '0')}_[a-z0-9_]+$`)));
  const dir = fileURLToPath(new URL('../../apps/server/src/storage/migrations/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''));
  assert.deepEqual(files.sort(), names);
  assert.deepEqual(Object.keys(migrationsFor('postgres')), names);
});
