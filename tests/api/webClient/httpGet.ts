import { request } from 'node:http';

export interface RawGet {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as sent (not decompressed). */
  body: Buffer;
}

/**
 * A request with the path sent exactly as written (fetch() would resolve `..` and decode
 * nothing) and the body exactly as received (fetch() would undo Content-Encoding).
 */
export function httpGet(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawGet> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
