import { ERRCODE_STATUS, type Errcode } from '@parley/protocol';

/** Longest `error` message sent, in UTF-16 units: messages may quote client input, which must not be echoed back at length. */
export const MAX_ERROR_MESSAGE = 256;

/** Cuts a message to MAX_ERROR_MESSAGE with an ellipsis, never inside a surrogate pair. */
function boundMessage(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE) return message;
  let cut = message.slice(0, MAX_ERROR_MESSAGE - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}\u2026`;
}

/** The one error type that reaches the wire: `{"errcode","error", ...extra}` with the status from ERRCODE_STATUS. */
export class MatrixError extends Error {
  readonly status: number;
  constructor(
    readonly errcode: Errcode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    status?: number,
    readonly headers: Record<string, string> = {},
  ) {
    // Bounded here, once, so no route can echo a whole client value back.
    super(boundMessage(message));
    this.name = 'MatrixError';
    this.status = status ?? ERRCODE_STATUS[errcode];
  }

  toJSON(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.extra };
  }
}

export const forbidden = (msg: string): MatrixError => new MatrixError('M_FORBIDDEN', msg);
export const notFound = (msg: string): MatrixError => new MatrixError('M_NOT_FOUND', msg);
export const invalidParam = (msg: string): MatrixError => new MatrixError('M_INVALID_PARAM', msg);
export const badJson = (msg: string): MatrixError => new MatrixError('M_BAD_JSON', msg);
export const missingParam = (msg: string): MatrixError => new MatrixError('M_MISSING_PARAM', msg);

/** User-interactive auth challenge: a 401 whose body is the flow description, not an error. */
export class UiaChallenge extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super('user-interactive authentication required');
    this.name = 'UiaChallenge';
  }
}
