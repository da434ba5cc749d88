import type { AppDeps } from '../deps.ts';

/** After an upload: thumbnails at the spec's recommended sizes, made in the background. */
export function pregenerateThumbnails(_deps: AppDeps, _sha256: string, _contentType: string): void {
  // Thumbnails come with the next step.
}
