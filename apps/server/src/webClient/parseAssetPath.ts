/**
 * The path segments of a requested file below the web client's folder, from the raw request
 * path after its prefix (e.g. `index-3f2a.js` or `icons/a.svg`), or undefined when the
 * request cannot name a file inside the folder: each segment is %-decoded on its own, and one
 * that is empty, `.` or `..`, starts with a dot, holds a slash or backslash after decoding
 * (`%2f`, `%5c`), a NUL or another control character, or is not valid %-encoding, refuses the
 * whole path. The caller still checks, after resolving symbolic links, that the file is inside
 * the folder (StaticFiles.ts).
 */
export function parseAssetPath(rawRest: string): string[] | undefined {
  if (rawRest === '') return undefined;
  const segments: string[] = [];
  for (const raw of rawRest.split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (s === '' || s.startsWith('.') || s.includes('/') || s.includes('\\') || hasControlCharacter(s)) return undefined;
    segments.push(s);
  }
  return segments;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
