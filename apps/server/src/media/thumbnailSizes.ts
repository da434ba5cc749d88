export type ThumbnailMethod = 'crop' | 'scale';

export interface ThumbnailSize {
  width: number;
  height: number;
  method: ThumbnailMethod;
}

/** The sizes the spec recommends; made right after an upload. */
export const THUMBNAIL_SIZES: readonly ThumbnailSize[] = [
  { width: 32, height: 32, method: 'crop' },
  { width: 96, height: 96, method: 'crop' },
  { width: 320, height: 240, method: 'scale' },
  { width: 640, height: 480, method: 'scale' },
  { width: 800, height: 600, method: 'scale' },
];

/**
 * The image types thumbnailed, and the type of their thumbnails (a GIF's is a still PNG of its
 * first frame: `animated` is treated as false). SVG, HTML, XML, scripts and everything else are
 * never thumbnailed: a thumbnail of them is 400 M_UNKNOWN.
 */
export const THUMBNAIL_TYPES: ReadonlyMap<string, string> = new Map([
  ['image/jpeg', 'image/jpeg'],
  ['image/png', 'image/png'],
  ['image/gif', 'image/png'],
  ['image/webp', 'image/webp'],
]);

/** The largest thumbnail made: a request beyond it gets this (a client shows it scaled). */
export const LARGEST_THUMBNAIL: ThumbnailSize = THUMBNAIL_SIZES[THUMBNAIL_SIZES.length - 1]!;

/** How many sizes other than the recommended ones one content may have made on demand; past it, LARGEST_THUMBNAIL. */
export const MAX_ON_DEMAND_SIZES = 16;

export function isRecommendedSize(size: ThumbnailSize): boolean {
  return THUMBNAIL_SIZES.some((s) => s.width === size.width && s.height === size.height && s.method === size.method);
}

/**
 * The size to make for a request: the smallest recommended size of the same method at least as
 * large as asked (so most requests share a few cached thumbnails), else the size asked for, made
 * on demand and cached, but never larger than LARGEST_THUMBNAIL: a bigger request gets that one,
 * so no request makes the server decode an image for an arbitrary large size.
 */
export function pickThumbnailSize(width: number, height: number, method: ThumbnailMethod): ThumbnailSize {
  const fits = THUMBNAIL_SIZES.filter((s) => s.method === method && s.width >= width && s.height >= height);
  fits.sort((a, b) => a.width * a.height - b.width * b.height);
  if (fits[0]) return fits[0];
  if (width > LARGEST_THUMBNAIL.width || height > LARGEST_THUMBNAIL.height) return LARGEST_THUMBNAIL;
  return { width, height, method };
}
