import { MatrixError } from '../errors/MatrixError.ts';
import type { ThumbnailSize } from './thumbnailSizes.ts';

import type sharpDefault from 'sharp';

type SharpFactory = typeof sharpDefault;
let sharpModule: Promise<SharpFactory> | undefined;

/** sharp (libvips) is loaded on the first thumbnail, not at start: it is a native module and a large one. */
function loadSharp(): Promise<SharpFactory> {
  // esbuild turns this import() into require() in the bundle, where the module itself is the function.
  sharpModule ??= import('sharp').then((m) => (m as { default?: SharpFactory }).default ?? (m as unknown as SharpFactory));
  return sharpModule;
}

export interface RenderedThumbnail {
  data: Buffer;
  contentType: string;
}

/** What sharp reports for the four thumbnailed types. */
const DECODED_FORMATS = new Set(['jpeg', 'png', 'gif', 'webp']);

/**
 * A thumbnail of `input` (JPEG, PNG, GIF or WebP), or 'original' when the original is already
 * no larger than asked (never upscaled) or the thumbnail would be no smaller in bytes. EXIF
 * orientation is applied; metadata (EXIF, GPS, ICC comments) is not copied. `scale` fits the
 * image inside width × height keeping its aspect; `crop` covers width × height and cuts the rest.
 * Images with more than `maxPixels` pixels are 413 M_TOO_LARGE; undecodable ones 400 M_UNKNOWN.
 */
export async function renderThumbnail(input: Buffer, outputType: string, size: ThumbnailSize, maxPixels: number): Promise<RenderedThumbnail | 'original'> {
  const sharp = await loadSharp();
  let meta: { format?: string | undefined; width?: number | undefined; height?: number | undefined; orientation?: number | undefined };
  try {
    meta = await sharp(input).metadata();
  } catch {
    throw new MatrixError('M_UNKNOWN', 'Cannot decode this image');
  }
  // The declared type is the uploader's word; sharp reads the bytes and also decodes SVG, TIFF and
  // HEIF. Only the four types we thumbnail are rendered, whatever the upload said it was.
  if (!DECODED_FORMATS.has(meta.format ?? '')) throw new MatrixError('M_UNKNOWN', 'Cannot thumbnail this type of file');
  const rawWidth = meta.width ?? 0;
  const rawHeight = meta.height ?? 0;
  if (rawWidth === 0 || rawHeight === 0) throw new MatrixError('M_UNKNOWN', 'Cannot decode this image');
  if (rawWidth * rawHeight > maxPixels) throw new MatrixError('M_TOO_LARGE', 'Image too large to thumbnail');
  const rotated = (meta.orientation ?? 1) >= 5;
  const [width, height] = rotated ? [rawHeight, rawWidth] : [rawWidth, rawHeight];
  if (width <= size.width && height <= size.height) return 'original';
  let pipeline = sharp(input, { limitInputPixels: maxPixels })
    .rotate()
    .resize({ width: size.width, height: size.height, fit: size.method === 'crop' ? 'cover' : 'inside', withoutEnlargement: true });
  pipeline =
    outputType === 'image/jpeg'
      ? pipeline.jpeg({ quality: 80, mozjpeg: true })
      : outputType === 'image/webp'
        ? pipeline.webp({ quality: 80 })
        : pipeline.png({ compressionLevel: 9 });
  let data: Buffer;
  try {
    data = await pipeline.toBuffer();
  } catch {
    throw new MatrixError('M_UNKNOWN', 'Cannot decode this image');
  }
  if (data.length >= input.length) return 'original';
  return { data, contentType: outputType };
}
