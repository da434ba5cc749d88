import type { AnyEndpoint } from '../http/endpoint.ts';
import * as versions from './client/versions.ts';
import * as wellKnown from './wellKnown/wellKnown.ts';
import * as capabilities from './client/v3/capabilities.ts';
import * as register from './client/v3/register.ts';
import * as login from './client/v3/login.ts';
import * as createRoom from './client/v3/createRoom.ts';
import * as membership from './client/v3/membership.ts';
import * as send from './client/v3/send.ts';
import * as state from './client/v3/state.ts';
import * as sync from './client/v3/sync.ts';
import * as messages from './client/v3/messages.ts';
import * as filter from './client/v3/filter.ts';
import * as pushrules from './client/v3/pushrules.ts';
import * as notifications from './client/v3/notifications.ts';
import * as directory from './client/v3/directory.ts';
import * as members from './client/v3/members.ts';
import * as context from './client/v3/context.ts';
import * as refresh from './client/v3/refresh.ts';
import * as account from './client/v3/account.ts';
import * as devices from './client/v3/devices.ts';
import * as profile from './client/v3/profile.ts';
import * as accountData from './client/v3/accountData.ts';
import * as keys from './client/v3/keys.ts';
import * as toDevice from './client/v3/toDevice.ts';
import * as roomKeys from './client/v3/roomKeys.ts';
import * as crossSigning from './client/v3/crossSigning.ts';
import * as receipts from './client/v3/receipts.ts';
import * as typing from './client/v3/typing.ts';
import * as search from './client/v3/search.ts';
import * as previewUrlV1 from './client/v1/previewUrl.ts';
import * as previewUrlLegacy from './media/v3/previewUrl.ts';
import * as roomInitialSync from './client/v3/roomInitialSync.ts';
import * as userDirectory from './client/v3/userDirectory.ts';
import * as roomSummary from './client/v1/roomSummary.ts';
import * as peekEvents from './client/v3/peekEvents.ts';
import * as presence from './client/v3/presence.ts';
import * as tags from './client/v3/tags.ts';
import * as pushers from './client/v3/pushers.ts';
import * as thirdParty from './client/v3/thirdParty.ts';
import * as voip from './client/v3/voip.ts';
import * as openid from './client/v3/openid.ts';
import * as openidUserInfo from './federation/v1/openidUserInfo.ts';
import * as mediaV1 from './client/v1/media.ts';
import * as mediaUpload from './media/v3/upload.ts';
import * as mediaCreate from './media/v1/create.ts';
import * as mediaLegacy from './media/v3/download.ts';
import * as relations from './client/v1/relations.ts';
import * as threads from './client/v1/threads.ts';
import * as hierarchy from './client/v1/hierarchy.ts';
import * as upgrade from './client/v3/upgrade.ts';
import * as timestampToEvent from './client/v1/timestampToEvent.ts';
import * as parleyClientConfig from './parley/client/v1/config.ts';

/** Every endpoint the server serves; the coverage report is generated from this list. */
export const ENDPOINTS: AnyEndpoint[] = [
  versions,
  wellKnown,
  capabilities,
  register,
  login,
  createRoom,
  membership,
  send,
  state,
  sync,
  messages,
  filter,
  pushrules,
  notifications,
  directory,
  members,
  context,
  refresh,
  account,
  devices,
  profile,
  accountData,
  keys,
  toDevice,
  roomKeys,
  crossSigning,
  receipts,
  typing,
  search,
  previewUrlV1,
  previewUrlLegacy,
  roomInitialSync,
  userDirectory,
  roomSummary,
  peekEvents,
  presence,
  tags,
  pushers,
  thirdParty,
  voip,
  openid,
  openidUserInfo,
  mediaV1,
  mediaUpload,
  mediaCreate,
  mediaLegacy,
  relations,
  threads,
  hierarchy,
  upgrade,
  timestampToEvent,
  parleyClientConfig,
].flatMap((m) => Object.values(m).filter((v): v is AnyEndpoint => typeof v === 'object' && v !== null && 'operationId' in v && 'handler' in v));
