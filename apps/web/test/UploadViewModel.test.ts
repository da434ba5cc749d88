import { describe, expect, it } from 'vitest';
import { parseAttachment, thumbnailBox } from '../src/viewModels/attachment.ts';
import { buildTimeline, type MessageItem } from '../src/viewModels/buildTimeline.ts';
import { attachmentContent, UploadViewModel, type PickedFile } from '../src/viewModels/UploadViewModel.ts';
import { event, fakeChatClient } from './fakeChatClient.ts';

function picked(name: string, type: string, size: number, dimensions: PickedFile['dimensions'] = null): PickedFile {
  return { blob: new Blob(['x'.repeat(size)], { type }), name, type, size, dimensions };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('UploadViewModel', () => {
  it('uploads with progress, then sends an image as m.image with its size and type', async () => {
    const client = fakeChatClient();
    const vm = new UploadViewModel(client, '!r');
    vm.add([picked('cat.png', 'image/png', 2000, { w: 640, h: 480 })]);
    expect(vm.state.uploads).toMatchObject([{ name: 'cat.png', size: 2000, loaded: 0, status: 'uploading' }]);
    const upload = client.uploads[0]!;
    expect(upload.options).toMatchObject({ name: 'cat.png', type: 'image/png' });
    upload.options.onProgress(500, 2000);
    expect(vm.state.uploads[0]!.loaded).toBe(500);
    upload.resolve('mxc://test/abc');
    await tick();
    expect(vm.state.uploads).toEqual([]);
    expect(client.attachments).toEqual([
      {
        roomId: '!r',
        content: { msgtype: 'm.image', body: 'cat.png', filename: 'cat.png', url: 'mxc://test/abc', info: { mimetype: 'image/png', size: 2000, w: 640, h: 480 } },
      },
    ]);
  });

  it('sends other files (and images the browser could not decode) as m.file', () => {
    expect(attachmentContent(picked('notes.pdf', 'application/pdf', 10), 'mxc://t/1')).toMatchObject({ msgtype: 'm.file', info: { mimetype: 'application/pdf', size: 10 } });
    expect(attachmentContent(picked('broken.png', 'image/png', 10), 'mxc://t/2').msgtype).toBe('m.file');
    expect(attachmentContent(picked('blob', '', 3), 'mxc://t/3').info.mimetype).toBe('application/octet-stream');
  });

  it('cancels an upload: aborts it and sends nothing', async () => {
    const client = fakeChatClient();
    const vm = new UploadViewModel(client, '!r');
    vm.add([picked('a.txt', 'text/plain', 5), picked('b.txt', 'text/plain', 5)]);
    const [first] = vm.state.uploads;
    vm.cancel(first!.id);
    expect(client.uploads[0]!.options.signal.aborted).toBe(true);
    expect(vm.state.uploads.map((u) => u.name)).toEqual(['b.txt']);
    client.uploads[0]!.resolve('mxc://t/late');
    await tick();
    expect(client.attachments).toEqual([]);
  });

  it('shows a failure and retries it', async () => {
    const client = fakeChatClient();
    const vm = new UploadViewModel(client, '!r');
    vm.add([picked('a.txt', 'text/plain', 5)]);
    client.uploads[0]!.reject(new Error('Too large'));
    await tick();
    expect(vm.state.uploads[0]).toMatchObject({ status: 'failed', error: 'Too large' });
    vm.retry(vm.state.uploads[0]!.id);
    expect(vm.state.uploads[0]).toMatchObject({ status: 'uploading', error: null });
    client.uploads[1]!.resolve('mxc://t/ok');
    await tick();
    expect(client.attachments.map((a) => a.content.url)).toEqual(['mxc://t/ok']);
  });
});

describe('attachments in the timeline', () => {
  it('reads images and files, with the caption as alt text when the sender gave one', () => {
    expect(parseAttachment({ msgtype: 'm.image', body: 'cat.png', url: 'mxc://t/1', info: { w: 640, h: 480, size: 9, mimetype: 'image/png' } })).toEqual({
      kind: 'image',
      mxc: 'mxc://t/1',
      name: 'cat.png',
      caption: null,
      alt: 'cat.png',
      mimetype: 'image/png',
      size: 9,
      w: 640,
      h: 480,
    });
    expect(parseAttachment({ msgtype: 'm.image', body: 'Our cat asleep', filename: 'IMG_1.jpg', url: 'mxc://t/2' })).toMatchObject({
      name: 'IMG_1.jpg',
      caption: 'Our cat asleep',
      alt: 'Our cat asleep',
    });
    expect(parseAttachment({ msgtype: 'm.file', body: 'notes.pdf', url: 'mxc://t/3', info: { size: 'big' } })).toMatchObject({ kind: 'file', name: 'notes.pdf', size: null });
    expect(parseAttachment({ msgtype: 'm.image', body: 'x', url: 'https://evil.example/x.png' })).toBeNull();
    expect(parseAttachment({ msgtype: 'm.text', body: 'hi' })).toBeNull();
  });

  it('puts the attachment on the message item, and none on a deleted one', () => {
    const format = { time: () => 't', day: () => 'd', dayKey: () => 'd' };
    const items = buildTimeline(
      [event({ sender: '@bob:test', ts: 1, content: { msgtype: 'm.file', body: 'a.pdf', url: 'mxc://t/a' } }), event({ sender: '@bob:test', ts: 2, redacted: true, content: {} })],
      { userId: '@me:test', displayName: 'Me' },
      format,
      null,
    ).filter((i): i is MessageItem => i.kind === 'message');
    expect(items.map((i) => i.attachment?.name ?? null)).toEqual(['a.pdf', null]);
  });

  it('fits thumbnails in a box without enlarging them', () => {
    expect(thumbnailBox(640, 480)).toEqual({ width: 320, height: 240 });
    expect(thumbnailBox(100, 50)).toEqual({ width: 100, height: 50 });
    expect(thumbnailBox(null, 10)).toEqual({ width: 320, height: 320 });
  });
});

describe('uploads per room', () => {
  it('gives each opened room its own uploads and completion, cancelling the last room’s uploads', async () => {
    const { ChatViewModel } = await import('../src/viewModels/ChatViewModel.ts');
    const { Announcer } = await import('../src/viewModels/Announcer.ts');
    const { room } = await import('./fakeChatClient.ts');
    const client = fakeChatClient();
    client.rooms = [room({ roomId: '!a' }), room({ roomId: '!b' })];
    const announcer = new Announcer(() => undefined, { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined });
    const vm = new ChatViewModel({ client, announcer, drafts: { get: () => '', set: () => undefined }, toHtml: () => null, suggestedRooms: [] });
    vm.open('!a');
    expect(vm.uploads?.roomId).toBe('!a');
    expect(vm.completion?.roomId).toBe('!a');
    vm.uploads!.add([picked('a.txt', 'text/plain', 1)]);
    vm.open('!b');
    expect(client.uploads[0]!.options.signal.aborted).toBe(true);
    expect(vm.uploads?.roomId).toBe('!b');
    expect(vm.completion?.roomId).toBe('!b');
  });
});
