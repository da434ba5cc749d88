import { MatrixError } from '../errors/MatrixError.ts';

/**
 * Sync and pagination tokens are positions in the global stream: `s<position>`.
 *
 * A /sync that delivers only part of a device's to-device queue (it is paged, see
 * buildDeviceSections) answers `s<position>_<toDevice>`: everything up to `position`, except
 * that to-device messages were delivered only up to the queue row `toDevice` (the ID of the
 * last one sent). A plain `s<position>` means every to-device message up to `position` was
 * delivered. Endpoints other than /sync read only the position, so a sync token works there too.
 */
export interface SyncToken {
  position: number;
  /** The last to-device message delivered, when the queue up to `position` was delivered only in part. */
  toDevice: number | null;
}

export function formatToken(position: number): string {
  return `s${position}`;
}

export function formatSyncToken(token: SyncToken): string {
  return token.toDevice === null ? formatToken(token.position) : `s${token.position}_${token.toDevice}`;
}

export function parseSyncToken(token: string, param: string): SyncToken {
  const m = /^s(\d{1,15})(?:_(\d{1,15}))?$/.exec(token);
  if (!m) throw new MatrixError('M_INVALID_PARAM', `Invalid ${param} token`);
  return { position: Number(m[1]), toDevice: m[2] === undefined ? null : Number(m[2]) };
}

/** The stream position of any token (a sync token's to-device part does not matter outside /sync). */
export function parseToken(token: string, param: string): number {
  return parseSyncToken(token, param).position;
}

/**
 * A pagination bound that may be left out: absent, empty (`from=`, which Quaternion and nio send
 * for "from the latest") and `END` all mean "no bound", as Synapse reads them; anything else must
 * be a token.
 */
export function parseOptionalToken(token: string | undefined, param: string): number | undefined {
  return token === undefined || token === '' || token === 'END' ? undefined : parseToken(token, param);
}
