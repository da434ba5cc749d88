/** Deepest nesting of arrays and objects a request body may have; real Matrix content stays far below it. */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether `value` nests arrays/objects deeper than `max`. Iterative, so a hostile body
 * cannot overflow the stack here (it would later, in canonical JSON or validation).
 */
export function jsonDepthExceeds(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
