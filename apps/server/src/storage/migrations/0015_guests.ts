import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Guest accounts (spec, "Guest Access"): `users.is_guest` marks an account made by
 * POST /register?kind=guest. The authenticator reads it with the token, and a guest's requests
 * are held to the allow-list in identity/guestEndpoints.ts.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('is_guest', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
