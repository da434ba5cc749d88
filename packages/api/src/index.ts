/**
 * @parley/api: the contract of every endpoint the server serves (method, path, auth, params,
 * query, body and 2xx response as TypeBox schemas), with no handler. The server binds a
 * handler to each (`defineEndpoint(contracts.x, { handler })`); the API tests validate responses
 * against them. Browser-safe: no Node built-in, nothing from the apps.
 */
import * as accounts from './accounts.ts';
import type { AnyContract } from './defineContract.ts';
import * as devices from './devices.ts';
import * as directory from './directory.ts';
import * as discovery from './discovery.ts';
import * as keys from './keys.ts';
import * as media from './media.ts';
import * as membership from './membership.ts';
import * as preview from './preview.ts';
import * as roomPreviews from './roomPreviews.ts';
import * as rooms from './rooms.ts';
import * as search from './search.ts';
import * as sync from './sync.ts';
import * as userData from './userData.ts';
import * as userDirectory from './userDirectory.ts';

export * from './defineContract.ts';
export * as schemas from './schemas.ts';
export { MAX_SEARCH_TERM_LENGTH } from './search.ts';
export { MAX_USER_SEARCH_LIMIT, MAX_USER_SEARCH_TERM_LENGTH } from './userDirectory.ts';
export type { StateGetContract, StatePutContract } from './rooms.ts';
export type { TargetedContract } from './membership.ts';

const isContract = (v: unknown): v is AnyContract => typeof v === 'object' && v !== null && 'operationId' in v && 'response' in v;

/** Every contract by its export name, e.g. `contracts.getRoomEvents`. */
export const contracts = {
  ...discovery,
  ...accounts,
  ...devices,
  ...rooms,
  ...membership,
  ...directory,
  ...sync,
  ...userData,
  ...keys,
  ...search,
  ...preview,
  ...media,
  ...roomPreviews,
  ...userDirectory,
};

/** Every contract, once each (aliases such as the state paths without a key are separate entries). */
export const CONTRACTS: readonly AnyContract[] = Object.values(contracts).filter(isContract);
