import { MatrixError } from '../http/MatrixError.ts';

/** Sync and pagination tokens are both positions in the global stream: `s<position>`. */
export function formatToken(position: number): string {
  return `s${position}`;
}

export function parseToken(token: string, param: string): number {
  const m = /^s(\d{1,15})$/.exec(token);
  if (!m) throw new MatrixError('M_INVALID_PARAM', `Invalid ${param} token`);
  return Number(m[1]);
}
