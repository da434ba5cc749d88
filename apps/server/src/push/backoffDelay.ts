/** The wait after the `failures`-th failure in a row: `initial`, doubled each time, at most `max`. */
export function backoffDelay(failures: number, initialMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  return Math.min(initialMs * 2 ** exponent, maxMs);
}
