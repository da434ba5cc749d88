import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { MatrixError } from '../errors/MatrixError.ts';

export interface StagedUpload {
  path: string;
  sha256: string;
  size: number;
  discard(): Promise<void>;
}

/**
 * Writes an upload to a staging file while hashing it, refusing it (413 M_TOO_LARGE) as soon as
 * it passes `maxBytes`. A refused body is left to drain rather than destroyed, so the client can
 * still read the answer (the error handler keeps the connection open while Node discards the rest).
 */
export function stageUpload(body: Readable, dir: string, maxBytes: number): Promise<StagedUpload> {
  const path = join(dir, randomBytes(12).toString('hex'));
  const discard = (): Promise<void> => rm(path, { force: true });
  return new Promise<StagedUpload>((resolve, reject) => {
    const out = createWriteStream(path, { flags: 'wx' });
    const hash = createHash('sha256');
    let size = 0;
    let done = false;
    const fail = (err: unknown): void => {
      if (done) return;
      done = true;
      body.off('data', onData);
      body.resume();
      out.destroy();
      void discard().finally(() => reject(err));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) return fail(new MatrixError('M_TOO_LARGE', `Upload is larger than ${maxBytes} bytes`));
      hash.update(chunk);
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    };
    body.on('data', onData);
    body.once('error', fail);
    body.once('close', () => {
      if (!done && !body.readableEnded) fail(new MatrixError('M_UNKNOWN', 'Upload interrupted'));
    });
    body.once('end', () => {
      if (done) return;
      out.end(() => {
        if (done) return;
        done = true;
        resolve({ path, sha256: hash.digest('hex'), size, discard });
      });
    });
    out.once('error', fail);
  });
}
