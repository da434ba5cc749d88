import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerSdkUser, type SdkUser } from '../../support/sdk.ts';
import { BotClient } from '../../support/botSdk.ts';
import { registerUser } from '../../support/client.ts';
import { rawRequest } from './mediaRequests.ts';

const photo = (): Promise<Buffer> =>
  sharp(randomBytes(400 * 300 * 3), { raw: { width: 400, height: 300, channels: 3 } })
    .jpeg()
    .toBuffer();

onEachDatabase('media through matrix-js-sdk and matrix-bot-sdk', { file: { media: { legacy_freeze_date: '2999-01-01' } } }, (ctx) => {
  let alice: SdkUser;
  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
  });

  test('matrix-js-sdk: uploadContent, then the authenticated download and thumbnail URLs from mxcUrlToHttp', async () => {
    const jpeg = await photo();
    const { content_uri: mxc } = await alice.client.uploadContent(new Uint8Array(jpeg), { name: 'holiday.jpg', type: 'image/jpeg' });
    assert.match(mxc, /^mxc:\/\/localhost\//);
    const downloadUrl = alice.client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
    assert.match(downloadUrl ?? '', /\/_matrix\/client\/v1\/media\/download\/localhost\//);
    const file = await rawRequest(downloadUrl!, { token: alice.accessToken });
    assert.equal(file.status, 200);
    assert.deepEqual(file.bytes, jpeg);
    assert.match(file.headers.get('content-disposition') ?? '', /filename="holiday\.jpg"/);
    const thumbUrl = alice.client.mxcUrlToHttp(mxc, 96, 96, 'crop', false, true, true);
    assert.match(thumbUrl ?? '', /\/_matrix\/client\/v1\/media\/thumbnail\/localhost\/.*width=96/);
    const thumb = await rawRequest(thumbUrl!, { token: alice.accessToken });
    assert.equal(thumb.status, 200);
    const meta = await sharp(thumb.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 96, 96]);
    assert.equal((await rawRequest(thumbUrl!)).status, 401);
    const config = await alice.client.getMediaConfig(true);
    assert.equal(config['m.upload.size'], 50 * 1024 * 1024);
  });

  test('matrix-bot-sdk: uploadContent and downloadContent', async () => {
    const user = await registerUser(ctx.server.url);
    const bot = new BotClient(ctx.server.url, user.accessToken);
    const data = Buffer.from('bot payload \u00e9', 'utf8');
    const mxc = await bot.uploadContent(data, 'text/plain', 'notes.txt');
    assert.match(mxc, /^mxc:\/\/localhost\//);
    const got = await bot.downloadContent(mxc);
    assert.deepEqual(Buffer.from(got.data), data);
    assert.equal(got.contentType, 'text/plain');
  });
});

// matrix-bot-sdk 0.7.1 (the last for Node 20) downloads through the deprecated /_matrix/media/v3
// endpoints, which are frozen for new media by default; it sends its access token, and with one
// the legacy endpoints serve new media too (as Synapse does).
onEachDatabase('matrix-bot-sdk 0.7 against the default legacy freeze', (ctx) => {
  test('downloadContent of new media works, because the SDK sends its token', async () => {
    const user = await registerUser(ctx.server.url);
    const bot = new BotClient(ctx.server.url, user.accessToken);
    const mxc = await bot.uploadContent(Buffer.from('frozen'), 'text/plain');
    const got = await bot.downloadContent(mxc);
    assert.equal(Buffer.from(got.data).toString(), 'frozen');
    assert.match(got.contentType, /^text\/plain/);
  });
});
