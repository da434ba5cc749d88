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

/** Every endpoint the server serves; the coverage report is generated from this list. */
export const ENDPOINTS: AnyEndpoint[] = [versions, wellKnown, capabilities, register, login, createRoom, membership, send, state, sync, messages, filter, pushrules].flatMap(
  (m) => Object.values(m).filter((v): v is AnyEndpoint => typeof v === 'object' && v !== null && 'operationId' in v && 'handler' in v),
);
