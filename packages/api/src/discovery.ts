/** Server discovery: versions, .well-known, capabilities (versions.yaml, wellknown.yaml, capabilities.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';

export const getVersions = defineContract({
  operationId: 'getVersions',
  method: 'GET',
  path: '/_matrix/client/versions',
  auth: 'none',
  response: Type.Object({ versions: Type.Array(Type.String()), unstable_features: Type.Optional(Type.Record(Type.String(), Type.Boolean())) }),
});

export const getWellknown = defineContract({
  operationId: 'getWellknown',
  method: 'GET',
  path: '/.well-known/matrix/client',
  auth: 'none',
  response: Type.Object({ 'm.homeserver': Type.Object({ base_url: Type.String() }) }),
});

export const getServerWellknown = defineContract({
  operationId: 'getServerWellknown',
  method: 'GET',
  path: '/.well-known/matrix/server',
  auth: 'none',
  response: Type.Object({ 'm.server': Type.String() }),
});

export const getCapabilities = defineContract({
  operationId: 'getCapabilities',
  method: 'GET',
  path: '/_matrix/client/v3/capabilities',
  r0: true,
  auth: 'required',
  response: Type.Object({ capabilities: Type.Record(Type.String(), Type.Unknown()) }),
});
