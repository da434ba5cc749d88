// Reads an m.image / m.file message into what the timeline shows: the media URI, the name, the size, and the alt
// text of an image (the sender's caption when there is one, else the file name).

export interface Attachment {
  kind: 'image' | 'file';
  mxc: string;
  name: string;
  /** The sender's caption: `body` when `filename` is set and differs from it (Matrix 1.10), else null. */
  caption: string | null;
  /** What an image is announced as. */
  alt: string;
  mimetype: string | null;
  size: number | null;
  w: number | null;
  h: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

export function parseAttachment(content: Record<string, unknown>): Attachment | null {
  const msgtype = content.msgtype;
  if (msgtype !== 'm.image' && msgtype !== 'm.file') return null;
  const url = content.url;
  if (typeof url !== 'string' || !url.startsWith('mxc://')) return null;
  const body = typeof content.body === 'string' ? content.body.trim() : '';
  const filename = typeof content.filename === 'string' && content.filename.trim() ? content.filename.trim() : null;
  const name = filename ?? (body || (msgtype === 'm.image' ? 'image' : 'file'));
  const caption = filename !== null && body && body !== filename ? body : null;
  const info = (typeof content.info === 'object' && content.info !== null ? content.info : {}) as Record<string, unknown>;
  return {
    kind: msgtype === 'm.image' ? 'image' : 'file',
    mxc: url,
    name,
    caption,
    alt: caption ?? name,
    mimetype: typeof info.mimetype === 'string' ? info.mimetype : null,
    size: num(info.size),
    w: num(info.w),
    h: num(info.h),
  };
}

/** The box a thumbnail is asked for and shown in: the image scaled to fit `max`, never enlarged. */
export function thumbnailBox(w: number | null, h: number | null, max = 320): { width: number; height: number } {
  if (!w || !h) return { width: max, height: max };
  const scale = Math.min(1, max / w, max / h);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}
