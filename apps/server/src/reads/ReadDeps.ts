import type { AppDeps } from '../deps.ts';

/** What the readers use: the database, the stream position reads stop at, and the clock (for unsigned.age). */
export type ReadDeps = Pick<AppDeps, 'database' | 'notifier' | 'now'>;
