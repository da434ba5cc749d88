/**
 * @parley/api: the contract of every endpoint the server serves (method, path, auth, params,
 * query, body and 2xx response as TypeBox schemas), with no handler. The server binds a
 * handler to each (`defineEndpoint(contracts.x, { handler })`); the API tests validate responses
 * against them. Browser-safe: no Node built-in, nothing from the apps.
 */
import * as accounts from './accounts.ts';
import * as clientConfig from './clientConfig.ts';
import type { AnyContract } from './defineContract.ts';
import * as crossSigning from './crossSigning.ts';
import * as devices from './devices.ts';
import * as directory from './directory.ts';
import * as discovery from './discovery.ts';
import * as keyBackup from './keyBackup.ts';
import * as keys from './keys.ts';
import * as media from './media.ts';
import * as membership from './membership.ts';
import * as preview from './preview.ts';
import * as presence from './presence.ts';
import * as tags from './tags.ts';
import * as pushers from './pushers.ts';
import * as pushRules from './pushRules.ts';
import * as thirdParty from './thirdParty.ts';
import * as voip from './voip.ts';
import * as openid from './openid.ts';
import * as roomPreviews from './roomPreviews.ts';
import * as relations from './relations.ts';
import * as rooms from './rooms.ts';
import * as search from './search.ts';
import * as spaces from './spaces.ts';
import * as roomUpgrades from './roomUpgrades.ts';
import * as roomTimestamps from './roomTimestamps.ts';
import * as sync from './sync.ts';
import * as userData from './userData.ts';
import * as userDirectory from './userDirectory.ts';

export * from './defineContract.ts';
export * as schemas from './schemas.ts';
export { MAX_SEARCH_TERM_LENGTH } from './search.ts';
export { MAX_RELATIONS_LIMIT } from './relations.ts';
export { MAX_STATUS_MSG_LENGTH } from './presence.ts';
export { MAX_TAG_LENGTH, MAX_TAGS_PER_ROOM } from './tags.ts';
export { MAX_HIERARCHY_DEPTH, MAX_HIERARCHY_LIMIT } from './spaces.ts';
export { MAX_APP_ID_LENGTH, MAX_PUSHKEY_BYTES } from './pushers.ts';
export { MAX_NOTIFICATIONS_LIMIT } from './pushRules.ts';
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
  ...crossSigning,
  ...keyBackup,
  ...search,
  ...preview,
  ...media,
  ...roomPreviews,
  ...userDirectory,
  ...presence,
  ...tags,
  ...pushers,
  ...pushRules,
  ...thirdParty,
  ...voip,
  ...openid,
  ...relations,
  ...spaces,
  ...roomUpgrades,
  ...roomTimestamps,
  ...clientConfig,
};

/** Every contract, once each (aliases such as the state paths without a key are separate entries). */
export const CONTRACTS: readonly AnyContract[] = Object.values(contracts).filter(isContract);
