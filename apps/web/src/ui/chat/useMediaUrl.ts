// Media through the authenticated endpoints: fetched with the access token, shown through a blob: URL (which the
// CSP allows for images), revoked when no longer shown.
import { useEffect, useState } from 'react';

export interface MediaSource {
  fetchMedia(mxc: string, thumbnail?: { width: number; height: number }): Promise<Blob>;
}

export function useMediaUrl(source: MediaSource, mxc: string | null, thumbnail?: { width: number; height: number }): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  const w = thumbnail?.width;
  const h = thumbnail?.height;
  useEffect(() => {
    if (!mxc) return;
    let url: string | null = null;
    let cancelled = false;
    setState({ url: null, failed: false });
    source.fetchMedia(mxc, w && h ? { width: w, height: h } : undefined).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => !cancelled && setState({ url: null, failed: true }),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [source, mxc, w, h]);
  return state;
}

/** Saves media as a file: fetched with the token, then handed to the browser as a download of a blob: URL. */
export async function downloadMedia(source: MediaSource, mxc: string, name: string): Promise<void> {
  const url = URL.createObjectURL(await source.fetchMedia(mxc));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
