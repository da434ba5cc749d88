// Images and files sent to one room: each upload has progress and can be cancelled; when it finishes it is sent as
// m.image (with its size in pixels, type and bytes; the timeline shows it through the server's thumbnails) or m.file.
import type { AttachmentContent, ChatClient } from '../matrix/ChatClient.ts';
import { strings } from '../strings.ts';
import { ViewModel } from './ViewModel.ts';

export interface PickedFile {
  blob: Blob;
  name: string;
  /** The MIME type ('' when the browser does not know it). */
  type: string;
  size: number;
  /** Width and height in pixels, for images the browser could decode. */
  dimensions: { w: number; h: number } | null;
}

export interface Upload {
  id: number;
  name: string;
  size: number;
  loaded: number;
  status: 'uploading' | 'failed';
  error: string | null;
}

export interface UploadState {
  uploads: Upload[];
}

/** The image types sent as m.image (shown inline); anything else is an m.file. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function attachmentContent(file: PickedFile, mxc: string): AttachmentContent {
  const mimetype = file.type || 'application/octet-stream';
  const image = IMAGE_TYPES.has(mimetype) && file.dimensions !== null;
  return {
    msgtype: image ? 'm.image' : 'm.file',
    body: file.name,
    filename: file.name,
    url: mxc,
    info: { mimetype, size: file.size, ...(image && file.dimensions ? { w: file.dimensions.w, h: file.dimensions.h } : {}) },
  };
}

export class UploadViewModel extends ViewModel<UploadState> {
  private nextId = 1;
  private readonly aborts = new Map<number, AbortController>();
  private readonly files = new Map<number, PickedFile>();

  constructor(
    private readonly client: ChatClient,
    readonly roomId: string,
  ) {
    super({ uploads: [] });
  }

  /** Starts uploading each file; each is sent to the room when its upload finishes. */
  add(files: PickedFile[]): void {
    for (const file of files) {
      const id = this.nextId++;
      this.files.set(id, file);
      this.set({ uploads: [...this.state.uploads, { id, name: file.name, size: file.size, loaded: 0, status: 'uploading', error: null }] });
      void this.run(id);
    }
  }

  private update(id: number, patch: Partial<Upload>): void {
    this.set({ uploads: this.state.uploads.map((u) => (u.id === id ? { ...u, ...patch } : u)) });
  }

  private remove(id: number): void {
    this.aborts.delete(id);
    this.files.delete(id);
    this.set({ uploads: this.state.uploads.filter((u) => u.id !== id) });
  }

  private async run(id: number): Promise<void> {
    const file = this.files.get(id);
    if (!file) return;
    const abort = new AbortController();
    this.aborts.set(id, abort);
    this.update(id, { status: 'uploading', loaded: 0, error: null });
    try {
      const mxc = await this.client.upload(file.blob, {
        name: file.name,
        type: file.type || 'application/octet-stream',
        signal: abort.signal,
        onProgress: (loaded) => this.update(id, { loaded: Math.min(loaded, file.size) }),
      });
      if (abort.signal.aborted) return;
      this.client.sendAttachment(this.roomId, attachmentContent(file, mxc));
      this.remove(id);
    } catch (err) {
      if (abort.signal.aborted) return;
      this.update(id, { status: 'failed', error: err instanceof Error && err.message ? err.message : strings.uploads.failed });
    }
  }

  cancel(id: number): void {
    this.aborts.get(id)?.abort();
    this.remove(id);
  }

  retry(id: number): void {
    if (this.state.uploads.some((u) => u.id === id && u.status === 'failed')) void this.run(id);
  }

  /** Cancels every upload (the room was closed). */
  dispose(): void {
    for (const abort of this.aborts.values()) abort.abort();
    this.aborts.clear();
  }
}
