// A second engine: Firefox ESR renders a page Parley serves under the web client's CSP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { writeFixtureDist, type FixtureDist } from '../../support/fixtureDist.ts';
import type { TestServer } from '../../support/testServer.ts';
import { fixtureApps } from '../support/fixtureApps.ts';
import { FIREFOX_PATH, firefoxSmoke } from '../support/firefoxSmoke.ts';
import { startWebServer } from '../support/startWebServer.ts';

const skip = existsSync(FIREFOX_PATH) || process.env.CI === 'true' ? undefined : `${FIREFOX_PATH} is missing (apt-get install firefox-esr); skipped outside CI`;

describe('firefoxSmoke', { skip }, () => {
  let dist: FixtureDist;
  let server: TestServer;
  before(async () => {
    dist = writeFixtureDist(fixtureApps.form);
    server = await startWebServer(dist.dir);
  });
  after(async () => {
    await server?.close();
    dist?.remove();
  });

  test('screenshots the page in headless Firefox ESR: a PNG of the rendered form, not a blank one', async () => {
    const png = await firefoxSmoke(`${server.url}/`, { width: 800, height: 600 });
    try {
      assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
      const meta = await sharp(png).metadata();
      assert.deepEqual([meta.width, meta.height], [800, 600]);
      // The button's blue (#1a4fd6, from the stylesheet under /assets/) is on the page: the HTML and its CSS rendered.
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let blue = 0;
      for (let i = 0; i < data.length; i += info.channels) if (Math.abs(data[i]! - 26) < 8 && Math.abs(data[i + 1]! - 79) < 8 && Math.abs(data[i + 2]! - 214) < 8) blue++;
      assert.ok(blue > 500, `expected the blue button in the screenshot, found ${blue} blue pixels`);
    } finally {
      rmSync(dirname(png), { recursive: true, force: true });
    }
  });
});
