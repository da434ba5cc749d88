import { parseRoomAlias } from '@parley/protocol';
import type { Tx } from '../storage/schema.ts';
import { findRoomAlias } from '../storage/repos/roomAliases.ts';
import { MatrixError } from '../errors/MatrixError.ts';

function aliasesOf(content: Record<string, unknown> | undefined): string[] {
  if (!content) return [];
  const alt = Array.isArray(content.alt_aliases) ? content.alt_aliases.filter((a): a is string => typeof a === 'string') : [];
  return typeof content.alias === 'string' ? [content.alias, ...alt] : alt;
}

/**
 * Refuses an m.room.canonical_alias whose aliases a room cannot claim (spec: PUT state,
 * m.room.canonical_alias): `alias` must be a room alias and `alt_aliases` a list of them
 * (400 M_INVALID_PARAM), and every alias it adds must exist and point to this room
 * (400 M_BAD_ALIAS), so no room can advertise another room's alias. An alias already in
 * the replaced event may stay while it no longer exists (as in Synapse, so the room can still
 * edit the event), but never once it points to another room. Remote aliases cannot be
 * checked without federation and are refused.
 */
export async function checkCanonicalAlias(tx: Tx, roomId: string, content: Record<string, unknown>, replaced: Record<string, unknown> | undefined): Promise<void> {
  const { alias, alt_aliases: alt } = content;
  if (alias !== undefined && alias !== null && (typeof alias !== 'string' || !parseRoomAlias(alias))) {
    throw new MatrixError('M_INVALID_PARAM', 'alias must be a room alias');
  }
  if (alt !== undefined && (!Array.isArray(alt) || alt.some((a) => typeof a !== 'string' || !parseRoomAlias(a)))) {
    throw new MatrixError('M_INVALID_PARAM', 'alt_aliases must be a list of room aliases');
  }
  const known = new Set(aliasesOf(replaced));
  for (const a of new Set(aliasesOf(content))) {
    const row = await findRoomAlias(tx, a);
    if (row ? row.room_id !== roomId : !known.has(a)) throw new MatrixError('M_BAD_ALIAS', `The alias ${JSON.stringify(a)} does not point to this room`);
  }
}
