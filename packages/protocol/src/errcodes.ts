/**
 * Every Matrix errcode Parley emits, with the HTTP status it travels with.
 * One table: `MatrixError` takes its status from here, and `docs/errors.md`
 * is checked against it by a test.
 */
export const ERRCODE_STATUS = {
  M_FORBIDDEN: 403,
  M_UNKNOWN_TOKEN: 401,
  M_MISSING_TOKEN: 401,
  M_USER_LOCKED: 401,
  M_USER_SUSPENDED: 403,
  M_BAD_JSON: 400,
  M_NOT_JSON: 400,
  M_NOT_FOUND: 404,
  M_LIMIT_EXCEEDED: 429,
  M_UNRECOGNIZED: 404,
  M_UNKNOWN: 400,
  M_UNAUTHORIZED: 401,
  M_USER_DEACTIVATED: 403,
  M_USER_IN_USE: 400,
  M_INVALID_USERNAME: 400,
  M_ROOM_IN_USE: 400,
  M_BAD_ALIAS: 400,
  M_INVALID_ROOM_STATE: 400,
  M_UNSUPPORTED_ROOM_VERSION: 400,
  M_INCOMPATIBLE_ROOM_VERSION: 400,
  M_BAD_STATE: 403,
  M_GUEST_ACCESS_FORBIDDEN: 403,
  M_MISSING_PARAM: 400,
  M_INVALID_PARAM: 400,
  M_TOO_LARGE: 413,
  M_EXCLUSIVE: 400,
  M_THREEPID_DENIED: 403,
  M_SERVER_NOT_TRUSTED: 403,
  M_WEAK_PASSWORD: 400,
  M_NOT_YET_UPLOADED: 504,
  M_CANNOT_OVERWRITE_MEDIA: 409,
  M_UNKNOWN_POS: 400,
  M_INVALID_SIGNATURE: 400,
  M_WRONG_ROOM_KEYS_VERSION: 403,
  M_DUPLICATE_ANNOTATION: 400,
} as const;

export type Errcode = keyof typeof ERRCODE_STATUS;

export function isErrcode(value: string): value is Errcode {
  return Object.prototype.hasOwnProperty.call(ERRCODE_STATUS, value);
}
