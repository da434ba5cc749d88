/**
 * The Content-Security-Policy of the web client: scripts, styles, fonts, manifest and workers
 * only from this origin, no inline script or style, no eval; API calls only to this
 * homeserver (`connect-src 'self'`); images and media also from blob: and data: URLs (media
 * fetched with an access token is shown through blob: URLs); no framing, no <base>, forms
 * post only here. One exception, `'wasm-unsafe-eval'` in script-src, lets the page compile
 * WebAssembly (matrix-js-sdk's Rust crypto is WASM); it does not allow eval() or new Function()
 * (docs/security.md).
 */
export const WEB_CLIENT_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Security headers on every web client answer (HTML, assets, the not-built page). */
export const WEB_CLIENT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': WEB_CLIENT_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

/** index.html and other unhashed files: cached, but revalidated on every use (so a new build shows at once). */
export const REVALIDATE = 'no-cache';
/** Files under assets/ have a content hash in their name: they never change, so they are cached for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
