import { describe, expect, it } from 'vitest';
import { ComposerViewModel, type DraftStore } from '../src/viewModels/ComposerViewModel.ts';
import { fakeChatClient } from './fakeChatClient.ts';

function drafts(): DraftStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (r) => data.get(r) ?? '', set: (r, t) => void data.set(r, t) };
}
const toHtml = (md: string) => (md.includes('**') ? `<strong>${md.replace(/\*\*/g, '')}</strong>` : null);

describe('ComposerViewModel', () => {
  it('sends plain text as body only, Markdown with formatted_body, and clears the draft', async () => {
    const client = fakeChatClient();
    const store = drafts();
    const vm = new ComposerViewModel(client, '!r:test', store, toHtml);
    vm.setText('hello');
    expect(store.data.get('!r:test')).toBe('hello');
    await vm.submit();
    vm.setText('**bold**');
    await vm.submit();
    expect(client.sent.map((s) => s.content)).toEqual([
      { msgtype: 'm.text', body: 'hello' },
      { msgtype: 'm.text', body: '**bold**', formattedBody: '<strong>bold</strong>' },
    ]);
    expect(store.data.get('!r:test')).toBe('');
    expect(vm.state.text).toBe('');
  });

  it('sends full user IDs in the text as m.mentions', async () => {
    const client = fakeChatClient();
    const vm = new ComposerViewModel(client, '!r:test', drafts(), toHtml);
    vm.setText('ping @bob:test and @carol:example.org:8448, not me @me:test');
    await vm.submit();
    expect(client.sent[0]!.content.mentions).toEqual(['@bob:test', '@carol:example.org:8448']);
  });

  it('sends typing notifications: on first text, renewed every 4 s, stopped when cleared or sent', async () => {
    const client = fakeChatClient();
    const vm = new ComposerViewModel(client, '!r:test', drafts(), toHtml);
    vm.setText('h', 0);
    vm.setText('he', 1000);
    vm.setText('hel', 4500);
    vm.setText('', 5000);
    vm.setText('/me', 5100);
    vm.setText('x', 6000);
    await vm.submit();
    expect(client.calls).toEqual(['typing !r:test true', 'typing !r:test true', 'typing !r:test false', 'typing !r:test true', 'typing !r:test false']);
  });

  it('keeps a draft per room', () => {
    const store = drafts();
    store.data.set('!a:test', 'draft for a');
    expect(new ComposerViewModel(fakeChatClient(), '!a:test', store, toHtml).state.text).toBe('draft for a');
    expect(new ComposerViewModel(fakeChatClient(), '!b:test', store, toHtml).state.text).toBe('');
  });

  it('runs /me, /topic, /join, /leave and /invite, and reports unknown commands', async () => {
    const client = fakeChatClient();
    const vm = new ComposerViewModel(client, '!r:test', drafts(), toHtml);
    const run = async (text: string) => (vm.setText(text), vm.submit());
    await run('/me waves');
    expect(client.sent[0]!.content).toEqual({ msgtype: 'm.emote', body: 'waves' });
    await run('/topic New topic');
    expect(await run('/join #ops:test')).toEqual({ kind: 'joined', roomId: '!joined:test' });
    expect(await run('/leave')).toEqual({ kind: 'left' });
    await run('/invite @bob:test');
    expect(client.calls).toEqual(['topic !r:test New topic', 'join #ops:test', 'leave !r:test', 'invite !r:test @bob:test']);
    await run('/frobnicate');
    expect(vm.state.error).toMatch(/Unknown command \/frobnicate/);
    expect(vm.state.text).toBe('/frobnicate');
    await run('//not a command');
    expect(client.sent[1]!.content.body).toBe('/not a command');
  });

  it('sends replies with the origin and edits through the client, restoring the draft on cancel', async () => {
    const client = fakeChatClient();
    const store = drafts();
    const vm = new ComposerViewModel(client, '!r:test', store, toHtml);
    const message = { eventId: '$m', body: 'old text', senderName: 'Bob' } as Parameters<typeof vm.startReply>[0];
    vm.startReply(message);
    vm.setText('answer');
    await vm.submit();
    expect(client.sent[0]).toMatchObject({ replyTo: '$m', content: { body: 'answer' } });
    vm.setText('my draft');
    vm.startEdit(message);
    expect(vm.state.text).toBe('old text');
    expect(vm.cancel()).toBe(true);
    expect(vm.state.text).toBe('my draft');
    vm.startEdit(message);
    vm.setText('new text');
    await vm.submit();
    expect(client.calls.filter((c) => !c.startsWith('typing'))).toEqual(['edit !r:test $m new text']);
  });
});
