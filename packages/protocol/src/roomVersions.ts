/** Room versions this implementation supports (see content/rooms/). */
export type RoomVersion = '10' | '11';

export const SUPPORTED_ROOM_VERSIONS: readonly RoomVersion[] = Object.freeze(['10', '11'] as const);

export const DEFAULT_ROOM_VERSION: RoomVersion = '10';

export function isSupportedRoomVersion(v: unknown): v is RoomVersion {
  return typeof v === 'string' && (SUPPORTED_ROOM_VERSIONS as readonly string[]).includes(v);
}
