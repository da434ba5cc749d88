import { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type { MediaS3Config } from '../config.ts';
import type { ByteRange, MediaStore } from './MediaStore.ts';

type S3Module = typeof S3;

/**
 * Media in an S3-compatible bucket, so several nodes serve each other's uploads. The SDK is
 * loaded only when this store is configured (it is large, and a single node never needs it).
 */
export class S3MediaStore implements MediaStore {
  private constructor(
    private readonly s3: S3Module,
    private readonly client: S3.S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  static async open(config: MediaS3Config): Promise<S3MediaStore> {
    if (!config.bucket) throw new Error('media.s3.bucket is required when media.store is s3');
    const s3 = await import('@aws-sdk/client-s3');
    const client = new s3.S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      // Checksums only where S3 requires them: newer SDKs otherwise send streamed bodies
      // aws-chunked with trailing checksums, which many S3-compatible servers do not understand.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.accessKeyId ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
    });
    return new S3MediaStore(s3, client, config.bucket, config.prefix);
  }

  async put(key: string, body: Readable | Buffer, size: number): Promise<void> {
    await this.client.send(new this.s3.PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentLength: size }));
  }

  async get(key: string, range?: ByteRange): Promise<Readable | undefined> {
    try {
      const res = await this.client.send(
        new this.s3.GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      const body = res.Body;
      if (!body) return undefined;
      return body instanceof Readable ? body : Readable.from(Buffer.from(await body.transformToByteArray()));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new this.s3.HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new this.s3.DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }

  close(): void {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
