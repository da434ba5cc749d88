/** Parley's own endpoints for its web client, under /_parley/client (not part of the Matrix specification). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';

/**
 * What the web client shows before anyone signs in: the server's name, the rooms offered on
 * the first-run screen (`suggested_rooms`, aliases or IDs), how registration works here, and
 * the policies a newcomer accepts at registration (the same list as the `m.login.terms` stage).
 */
export const getClientConfig = defineContract({
  operationId: 'getClientConfig',
  method: 'GET',
  path: '/_parley/client/v1/config',
  auth: 'none',
  response: Type.Object({
    server_name: Type.String(),
    suggested_rooms: Type.Array(Type.String()),
    registration: Type.Object({ mode: Type.Union([Type.Literal('open'), Type.Literal('token'), Type.Literal('closed')]) }),
    policies: Type.Array(Type.Object({ id: Type.String(), version: Type.String(), name: Type.String(), url: Type.String() })),
  }),
});
