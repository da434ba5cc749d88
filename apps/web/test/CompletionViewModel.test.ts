import { describe, expect, it } from 'vitest';
import { ComposerViewModel } from '../src/viewModels/ComposerViewModel.ts';
import { CompletionViewModel, tokenAt } from '../src/viewModels/CompletionViewModel.ts';
import { loadEmoji, replaceShortcodes, searchEmoji } from '../src/viewModels/emojiSearch.ts';
import { fakeChatClient, room } from './fakeChatClient.ts';

function setup() {
  const client = fakeChatClient();
  client.members = () => [
    { userId: '@me:test', displayName: 'Me', membership: 'join', presence: 'online', powerLevel: 0 },
    { userId: '@alice:test', displayName: 'Alice [ops]', membership: 'join', presence: 'online', powerLevel: 0 },
    { userId: '@albert:test', displayName: 'Albert', membership: 'join', presence: 'online', powerLevel: 0 },
    { userId: '@bob:test', displayName: 'Bob', membership: 'invite', presence: 'online', powerLevel: 0 },
  ];
  client.rooms = [room({ roomId: '!g', name: 'General', alias: '#general:test' }), room({ roomId: '!p', name: 'private' })];
  const said: string[] = [];
  const vm = new CompletionViewModel(client, '!r', (t) => said.push(t));
  return { client, vm, said };
}

describe('tokenAt', () => {
  it('finds the token before the caret, only at a word start', () => {
    expect(tokenAt('hi @al', 6)).toEqual({ kind: 'user', query: 'al', start: 3 });
    expect(tokenAt('#', 1)).toEqual({ kind: 'room', query: '', start: 0 });
    expect(tokenAt('so :sm', 6)).toEqual({ kind: 'emoji', query: 'sm', start: 3 });
    expect(tokenAt('so :s', 5)).toBeNull();
    expect(tokenAt('mail a@b', 8)).toBeNull();
    expect(tokenAt('time 10:30', 10)).toBeNull();
    expect(tokenAt('@al done', 8)).toBeNull();
  });
});

describe('CompletionViewModel', () => {
  it('suggests joined members (not us, not invitees) and inserts a mention link that becomes m.mentions', async () => {
    const { vm, client, said } = setup();
    await vm.update('hi @al', 6);
    expect(vm.state.suggestions.map((s) => s.label)).toEqual(['Alice [ops] (@alice:test)', 'Albert (@albert:test)']);
    expect(vm.state.active).toBe(-1);
    expect(said).toEqual(['2 people; Up and Down to choose, Tab to insert']);
    expect(vm.accept('hi @al')).toBeNull();
    vm.move(1);
    const result = vm.accept('hi @al and more')!;
    expect(result.text).toBe('hi [Alice \\[ops\\]](https://matrix.to/#/@alice:test)  and more');
    expect(result.caret).toBe('hi [Alice \\[ops\\]](https://matrix.to/#/@alice:test) '.length);
    expect(vm.open).toBe(false);
    const composer = new ComposerViewModel(client, '!r', { get: () => '', set: () => undefined }, () => null);
    composer.setText(result.text);
    await composer.submit();
    expect(client.sent[0]!.content.mentions).toEqual(['@alice:test']);
  });

  it('suggests channels that have an alias', async () => {
    const { vm } = setup();
    await vm.update('see #gen', 8);
    expect(vm.state.suggestions.map((s) => s.insert)).toEqual(['[#general:test](https://matrix.to/#/#general:test)']);
    await vm.update('see #priv', 9);
    expect(vm.open).toBe(false);
  });

  it('completes emoji shortcodes, moving with wrap-around, and closes when the token ends', async () => {
    const { vm, said } = setup();
    await vm.update('so :thumbs', 10);
    expect(vm.state.suggestions.map((s) => s.label)).toEqual(['👍 :thumbsup:', '👎 :thumbsdown:']);
    vm.move(-1);
    expect(vm.state.active).toBe(1);
    vm.move(1);
    expect(vm.state.active).toBe(0);
    // Same list on the next keystroke: the active option stays and nothing is announced again.
    await vm.update('so :thumbs', 10);
    expect(vm.state.active).toBe(0);
    expect(said).toHaveLength(1);
    expect(vm.accept('so :thumbs')).toEqual({ text: 'so 👍 ', caret: 6 });
    await vm.update('so :thumbs ', 11);
    expect(vm.open).toBe(false);
  });
});

describe('emoji search', () => {
  it('matches shortcodes first, then names, and replaces complete shortcodes', async () => {
    const all = await loadEmoji();
    expect(searchEmoji(all, 'heart', 3).map((e) => e.shortcode)).toEqual(['heart', 'heart_eyes', 'kissing_heart']);
    expect(searchEmoji(all, 'party').map((e) => e.shortcode)).toEqual(['partying_face', 'tada']);
    expect(searchEmoji(all, '').length).toBe(all.length);
    expect(replaceShortcodes(all, 'ship it :rocket: :nope:')).toBe('ship it 🚀 :nope:');
  });
});
