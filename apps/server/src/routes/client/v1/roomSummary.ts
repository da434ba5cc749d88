import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { readRoomSummary } from '../../../reads/readRoomSummary.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

const handler = ({ deps, auth, params }: { deps: Parameters<typeof readRoomSummary>[0]; auth: Parameters<typeof viewerOf>[0] | null; params: { roomIdOrAlias: string } }) =>
  readRoomSummary(deps, auth ? viewerOf(auth) : null, params.roomIdOrAlias);

export const getRoomSummary = defineEndpoint(contracts.getRoomSummary, { handler });
export const getRoomSummaryUnstable = defineEndpoint(contracts.getRoomSummaryUnstable, { handler });
export const getRoomSummaryUnstableShort = defineEndpoint(contracts.getRoomSummaryUnstableShort, { handler });
