/** A query parameter whose name (decoded, any case) contains one of these carries a secret. */
const SECRET_NAME = /token|password|secret/i;

/**
 * Masks the values of secret query parameters (access_token, refresh_token, a registration
 * `token`, ...) before a URL reaches a log line. Judged by the parameter's DECODED name, as the
 * query parser sees it (`access%5Ftoken`, `%61ccess_token`, `+`), and every occurrence is masked;
 * a name that does not decode is masked too.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      return isSecretName(rawName) ? `${rawName}=<redacted>` : pair;
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

function isSecretName(rawName: string): boolean {
  try {
    return SECRET_NAME.test(decodeURIComponent(rawName.replace(/\+/g, ' ')));
  } catch {
    return true;
  }
}
