import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { OutboundError } from '../outbound/OutboundError.ts';
import { normaliseUrl } from '../outbound/normaliseUrl.ts';
import { previewFromHtml, type Preview } from './previewFromHtml.ts';
import { previewImage, type StoreImage } from './previewImage.ts';

const HTML_TYPES = ['text/html', 'application/xhtml+xml'];

/**
 * The preview of `url` for GET /_matrix/client/v1/media/preview_url (and the legacy media/v3 path).
 * Off unless `url_preview.enabled`: then the endpoint does not exist (404 M_UNRECOGNIZED, as
 * Synapse answers). The page is fetched through the guarded outbound client (deps.outbound) with
 * url_preview's lists on top of outbound's and at most `url_preview.max_html_bytes`; a refused
 * destination is 403 M_FORBIDDEN, a far end that fails is 502/504, never 500. Its `og:image` is
 * fetched and stored as local media by `storeImage` (previewImage.ts), once per cached preview.
 */
export async function previewUrl(deps: AppDeps, url: string, ts: number | undefined, storeImage: StoreImage): Promise<Preview> {
  const settings = deps.config.urlPreview;
  if (!settings.enabled) throw new MatrixError('M_UNRECOGNIZED', 'Unrecognized request', {}, 404);
  let target: URL;
  try {
    target = normaliseUrl(url);
  } catch (err) {
    throw toMatrixError(err, deps, url);
  }
  const now = deps.now();
  const { cache, policy } = deps.urlPreviews;
  return cache.get(cache.keyOf(target.href, ts, now), now, async () => {
    try {
      const res = await deps.outbound.fetch(target, {
        policy,
        limits: { maxResponseBytes: settings.maxHtmlBytes },
        headers: { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1' },
      });
      if (res.status < 200 || res.status > 299) throw new MatrixError('M_UNKNOWN', `Got error ${res.status}`, {}, 502);
      const contentType = String(res.headers['content-type'] ?? '');
      const mime = contentType.split(';')[0]!.trim().toLowerCase();
      // Only pages are previewed; a link straight to an image or other file previews as nothing.
      return HTML_TYPES.includes(mime) ? await previewImage(deps, previewFromHtml(res.body, contentType, res.url), storeImage) : {};
    } catch (err) {
      // The URL asked for was checked above: a bad URL now is where a redirect led.
      if (err instanceof OutboundError && err.kind === 'bad-url') throw new MatrixError('M_UNKNOWN', 'Redirected to a URL that cannot be previewed', {}, 502);
      throw toMatrixError(err, deps, target.href);
    }
  });
}

function toMatrixError(err: unknown, deps: AppDeps, url: string): unknown {
  if (!(err instanceof OutboundError)) return err;
  deps.log.info({ kind: err.kind, reason: err.message, host: hostOf(url) }, 'url preview refused or failed');
  switch (err.kind) {
    case 'bad-url':
      return new MatrixError('M_INVALID_PARAM', `Invalid URL: ${err.message}`);
    case 'blocked-address':
      return new MatrixError('M_FORBIDDEN', 'IP address blocked');
    case 'blocked-host':
      return new MatrixError('M_FORBIDDEN', 'URL blocked');
    case 'too-large':
      return new MatrixError('M_TOO_LARGE', 'Requested page is too large', {}, 502);
    case 'timeout':
      return new MatrixError('M_UNKNOWN', 'Timed out fetching the URL', {}, 504);
    case 'too-many-redirects':
      return new MatrixError('M_UNKNOWN', 'Too many redirects', {}, 502);
    case 'network':
      return new MatrixError('M_UNKNOWN', 'Failed to fetch the URL', {}, 502);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
