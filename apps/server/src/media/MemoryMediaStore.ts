import { Readable } from 'node:stream';
import type { ByteRange, MediaStore } from './MediaStore.ts';

/** Media in memory, for `--ephemeral` servers (bot test jobs): gone when the process ends. */
export class MemoryMediaStore implements MediaStore {
  private readonly objects = new Map<string, Buffer>();

  async put(key: string, body: Readable | Buffer, _size: number): Promise<void> {
    if (Buffer.isBuffer(body)) {
      this.objects.set(key, Buffer.from(body));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    this.objects.set(key, Buffer.concat(chunks));
  }

  async get(key: string, range?: ByteRange): Promise<Readable | undefined> {
    const data = this.objects.get(key);
    if (!data) return undefined;
    return Readable.from([range ? data.subarray(range.start, range.end + 1) : data]);
  }

  async has(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
