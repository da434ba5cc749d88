// A second engine: Debian's Firefox ESR, headless, opens the real client that Parley serves and screenshots it.
// The screenshot must show the sign-in form: it is compared with an empty page of the same size (so a blank or
// an error page fails), and its top area must hold dark text on the light background.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { TestServer } from '../../support/testServer.ts';
import { FIREFOX_PATH, firefoxSmoke } from '../support/firefoxSmoke.ts';
import { startClientServer } from '../support/webClient.ts';

/** Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Firefox writes) into rows of RGBA pixels. */
function decodePng(buf: Buffer): { width: number; height: number; pixel(x: number, y: number): [number, number, number] } {
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const colorType = buf[25];
  const channels = colorType === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let off = 8; off < buf.length;) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') chunks.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pred =
        filter === 0
          ? 0
          : filter === 1
            ? a
            : filter === 2
              ? b
              : filter === 3
                ? (a + b) >> 1
                : Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
                  ? a
                  : Math.abs(p - b) <= Math.abs(p - c)
                    ? b
                    : c;
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, pixel: (x, y) => [out[y * stride + x * channels]!, out[y * stride + x * channels + 1]!, out[y * stride + x * channels + 2]!] };
}

const skip = existsSync(FIREFOX_PATH) || process.env.CI === 'true' ? undefined : `${FIREFOX_PATH} is missing (apt-get install firefox-esr)`;

describe('Firefox ESR renders the client’s sign-in form', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startClientServer();
  });
  after(async () => {
    await server?.close();
  });

  test('the screenshot shows the sign-in form (dark text and a filled button on a light page)', async () => {
    const png = await firefoxSmoke(`${server.url}/`, { width: 800, height: 600, timeoutMs: 90_000 });
    try {
      const img = decodePng(readFileSync(png));
      assert.equal(img.width, 800);
      let dark = 0;
      let light = 0;
      let blue = 0;
      for (let y = 0; y < img.height; y += 2)
        for (let x = 0; x < img.width; x += 2) {
          const [r, g, b] = img.pixel(x, y);
          if (r + g + b < 150) dark++;
          else if (r + g + b > 700) light++;
          if (b > 120 && b > r + 60) blue++;
        }
      const total = (img.width * img.height) / 4;
      assert.ok(light / total > 0.5, `mostly a light page (${light}/${total})`);
      assert.ok(dark > 400, `text was drawn (${dark} dark samples): the heading, labels and fields`);
      assert.ok(blue > 200, `the primary "Sign in" button was drawn (${blue} blue samples)`);
    } finally {
      rmSync(dirname(png), { recursive: true, force: true });
    }
  });
});
