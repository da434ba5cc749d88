import { ERRCODE_STATUS, type Errcode } from '@parley/protocol';

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
    super(message);
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
