import type { Readable } from 'node:stream';

/** Bytes `start` to `end`, both included (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live: a content-addressed object store (keys come from `contentKey`).
 * Implementations: FileMediaStore (the data folder), MemoryMediaStore (`--ephemeral`),
 * S3MediaStore (an S3-compatible bucket shared by several nodes).
 */
export interface MediaStore {
  /** Stores `size` bytes under `key`; durable once it resolves. Putting an existing key again is harmless (same content). */
  put(key: string, body: Readable | Buffer, size: number): Promise<void>;
  /** The bytes under `key` (or a range of them), or undefined when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable | undefined>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** The store key of content with this SHA-256 (hex): fanned out so no folder gets millions of entries. */
export function contentKey(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
