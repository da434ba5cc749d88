import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../../support/client.ts';
import { expectRawError, rawRequest, uploadOk } from './mediaRequests.ts';

/** Random pixels: thumbnails of them are smaller in bytes than the original, as with photos. */
const image = (width: number, height: number): Sharp => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });

onEachDatabase('media thumbnails', { file: { media: { max_thumbnail_pixels: 300_000 } } }, (ctx) => {
  let alice: TestUser;
  const thumbnail = (mediaId: string, query: string): ReturnType<typeof rawRequest> =>
    rawRequest(`${ctx.server.url}/_matrix/client/v1/media/thumbnail/localhost/${mediaId}?${query}`, { token: alice.accessToken });
  before(async () => {
    alice = await registerUser(ctx.server.url);
  });

  test('scale fits the image inside the box, crop fills it; sizes round up to the recommended ones', async () => {
    const png = await image(600, 300).png().toBuffer();
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, png, 'image/png', 'wide.png');
    const cases: Array<[string, number, number]> = [
      ['width=320&height=240&method=scale', 320, 160],
      ['width=96&height=96&method=crop', 96, 96],
      ['width=50&height=40&method=crop', 96, 96],
      // Larger than any recommended crop: made on demand at the size asked.
      ['width=200&height=150&method=crop', 200, 150],
    ];
    for (const [query, width, height] of cases) {
      const res = await thumbnail(mediaId, query);
      assert.equal(res.status, 200, `${query}: ${res.bytes.toString().slice(0, 200)}`);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const meta = await sharp(res.bytes).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', width, height], query);
      assert.ok(res.bytes.length < png.length);
    }
    // 500x500 rounds up to 800x600, which the 600x300 original already fits: the original is served.
    const whole = await thumbnail(mediaId, 'width=500&height=500&method=scale');
    assert.deepEqual(whole.bytes, png);
    const again = await thumbnail(mediaId, 'width=320&height=240&method=scale');
    const etag = again.headers.get('etag');
    assert.equal(
      (
        await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/thumbnail/localhost/${mediaId}?width=320&height=240`, {
          token: alice.accessToken,
          headers: { 'if-none-match': etag! },
        })
      ).status,
      304,
    );
  });

  test('a JPEG thumbnail applies EXIF orientation and drops the metadata', async () => {
    const jpeg = await image(400, 200)
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret place' } } })
      .toBuffer();
    assert.equal((await sharp(jpeg).metadata()).orientation, 6);
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, jpeg, 'image/jpeg');
    const res = await thumbnail(mediaId, 'width=320&height=240&method=scale');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    const meta = await sharp(res.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 120, 240]);
    assert.equal(meta.orientation, undefined);
    assert.equal(meta.exif, undefined);
  });

  test('an image no larger than asked is served as it is', async () => {
    const small = await image(20, 20).png().toBuffer();
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, small, 'image/png');
    const res = await thumbnail(mediaId, 'width=32&height=32&method=crop');
    assert.equal(res.status, 200);
    assert.deepEqual(res.bytes, small);
  });

  test('GIF and WebP are thumbnailed (a GIF as a still PNG)', async () => {
    const gif = await image(400, 400).gif().toBuffer();
    const webp = await image(400, 400).webp({ lossless: true }).toBuffer();
    const g = await uploadOk(ctx.server.url, alice.accessToken, gif, 'image/gif');
    const w = await uploadOk(ctx.server.url, alice.accessToken, webp, 'image/webp');
    const gt = await thumbnail(g.mediaId, 'width=96&height=96&method=crop&animated=true');
    assert.equal(gt.headers.get('content-type'), 'image/png');
    assert.deepEqual([(await sharp(gt.bytes).metadata()).width, (await sharp(gt.bytes).metadata()).height], [96, 96]);
    const wt = await thumbnail(w.mediaId, 'width=96&height=96&method=crop');
    assert.equal(wt.headers.get('content-type'), 'image/webp');
    assert.equal((await sharp(wt.bytes).metadata()).width, 96);
  });

  test('SVG, HTML, text and undecodable images are never thumbnailed: 400 M_UNKNOWN', async () => {
    const svg = await uploadOk(ctx.server.url, alice.accessToken, '<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"/>', 'image/svg+xml');
    const html = await uploadOk(ctx.server.url, alice.accessToken, '<html></html>', 'text/html');
    const text = await uploadOk(ctx.server.url, alice.accessToken, 'plain', 'text/plain');
    const broken = await uploadOk(ctx.server.url, alice.accessToken, 'not really a png', 'image/png');
    for (const m of [svg, html, text, broken]) expectRawError(await thumbnail(m.mediaId, 'width=96&height=96&method=crop'), 400, 'M_UNKNOWN');
  });

  test('an SVG (or anything but JPEG, PNG, GIF, WebP) uploaded as image/png is not thumbnailed', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="700" height="500"><rect width="700" height="500" fill="red"/></svg>';
    const disguised = await uploadOk(ctx.server.url, alice.accessToken, svg, 'image/png');
    expectRawError(await thumbnail(disguised.mediaId, 'width=96&height=96&method=crop'), 400, 'M_UNKNOWN');
    const tiff = await uploadOk(ctx.server.url, alice.accessToken, await image(100, 100).tiff().toBuffer(), 'image/jpeg');
    expectRawError(await thumbnail(tiff.mediaId, 'width=32&height=32&method=crop'), 400, 'M_UNKNOWN');
  });

  test('a request larger than 800x600 gets the 800x600 one; sizes made on demand are capped per image', async () => {
    const png = await image(540, 540).png().toBuffer();
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, png, 'image/png');
    const huge = await thumbnail(mediaId, 'width=5000&height=4000&method=crop');
    assert.equal(huge.status, 200);
    const meta = await sharp(huge.bytes).metadata();
    assert.ok(meta.width! <= 800 && meta.height! <= 600, `${meta.width}x${meta.height}`);
    // Many distinct on-demand sizes: each is answered, none larger than asked, and the stored rows stay bounded.
    for (let w = 100; w < 140; w++) {
      const res = await thumbnail(mediaId, `width=${w}&height=${w}&method=crop`);
      assert.equal(res.status, 200);
    }
    const { sha256 } = (await ctx.server.deps.database.db.selectFrom('media').select('sha256').where('media_id', '=', mediaId).executeTakeFirstOrThrow()) as { sha256: string };
    const rows = await ctx.server.deps.database.db.selectFrom('media_thumbnails').select('width').where('sha256', '=', sha256).execute();
    assert.ok(rows.length <= 5 + 16, `${rows.length} thumbnails stored`);
  });

  test('an image with more than media.max_thumbnail_pixels is 413 M_TOO_LARGE; bad sizes are 400', async () => {
    const big = await image(1000, 500).png().toBuffer();
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, big, 'image/png');
    expectRawError(await thumbnail(mediaId, 'width=96&height=96&method=crop'), 413, 'M_TOO_LARGE');
    expectRawError(await thumbnail(mediaId, 'width=0&height=96'), 400, 'M_INVALID_PARAM');
    expectRawError(await thumbnail(mediaId, 'width=96&height=96&method=stretch'), 400, 'M_INVALID_PARAM');
    expectRawError(await thumbnail(mediaId, 'height=96'), 400, 'M_MISSING_PARAM');
  });
});
