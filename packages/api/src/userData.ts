/** Account data, push rules, profiles (account-data.yaml, pushrules.yaml, profile.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, JsonObject } from './schemas.ts';

const GlobalParams = Type.Object({ userId: Type.String(), type: Type.String({ minLength: 1, maxLength: 255 }) });
const RoomParams = Type.Object({ userId: Type.String(), roomId: Type.String(), type: Type.String({ minLength: 1, maxLength: 255 }) });
const FieldParams = Type.Object({ userId: Type.String(), keyName: Type.String() });

export const setAccountData = defineContract({
  operationId: 'setAccountData',
  method: 'PUT',
  path: '/_matrix/client/v3/user/{userId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: GlobalParams,
  body: JsonObject,
  response: EmptyResponse,
});

export const getAccountData = defineContract({
  operationId: 'getAccountData',
  method: 'GET',
  path: '/_matrix/client/v3/user/{userId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: GlobalParams,
  response: JsonObject,
});

export const setAccountDataPerRoom = defineContract({
  operationId: 'setAccountDataPerRoom',
  method: 'PUT',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: JsonObject,
  response: EmptyResponse,
});

export const getAccountDataPerRoom = defineContract({
  operationId: 'getAccountDataPerRoom',
  method: 'GET',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: RoomParams,
  response: JsonObject,
});

/** definitions/push_rule.yaml */
const PushRule = Type.Object({
  rule_id: Type.String(),
  default: Type.Boolean(),
  enabled: Type.Boolean(),
  actions: Type.Array(Type.Unknown()),
  conditions: Type.Optional(Type.Array(Type.Object({ kind: Type.String() }))),
  pattern: Type.Optional(Type.String()),
});

/** definitions/push_ruleset.yaml */
const PushRuleset = Type.Object({
  override: Type.Optional(Type.Array(PushRule)),
  content: Type.Optional(Type.Array(PushRule)),
  room: Type.Optional(Type.Array(PushRule)),
  sender: Type.Optional(Type.Array(PushRule)),
  underride: Type.Optional(Type.Array(PushRule)),
});

export const getPushRules = defineContract({
  operationId: 'getPushRules',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules/',
  r0: true,
  auth: 'required',
  response: Type.Object({ global: PushRuleset }),
});

/** The same without the trailing slash, which clients also send. */
export const getPushRulesNoSlash = defineContract({ ...getPushRules, path: '/_matrix/client/v3/pushrules' });

export const getUserProfile = defineContract({
  operationId: 'getUserProfile',
  method: 'GET',
  path: '/_matrix/client/v3/profile/{userId}',
  r0: true,
  auth: 'optional',
  params: Type.Object({ userId: Type.String() }),
  response: Type.Object({ displayname: Type.Optional(Type.String()), avatar_url: Type.Optional(Type.String()) }),
});

export const getProfileField = defineContract({
  operationId: 'getProfileField',
  method: 'GET',
  path: '/_matrix/client/v3/profile/{userId}/{keyName}',
  r0: true,
  auth: 'optional',
  params: FieldParams,
  // { [keyName]: value }
  response: JsonObject,
});

export const setProfileField = defineContract({
  operationId: 'setProfileField',
  method: 'PUT',
  path: '/_matrix/client/v3/profile/{userId}/{keyName}',
  r0: true,
  auth: 'required',
  params: FieldParams,
  body: Type.Record(Type.String(), Type.Unknown()),
  response: EmptyResponse,
});

export const deleteProfileField = defineContract({
  operationId: 'deleteProfileField',
  method: 'DELETE',
  path: '/_matrix/client/v3/profile/{userId}/{keyName}',
  auth: 'required',
  params: FieldParams,
  response: EmptyResponse,
});
