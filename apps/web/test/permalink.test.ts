import { describe, expect, it } from 'vitest';
import { Announcer, type Clock } from '../src/viewModels/Announcer.ts';
import { ChatViewModel } from '../src/viewModels/ChatViewModel.ts';
import { parsePermalink, permalinkFor } from '../src/viewModels/permalink.ts';
import { TimelineViewModel } from '../src/viewModels/TimelineViewModel.ts';
import { event, fakeChatClient, room } from './fakeChatClient.ts';

const stillClock: Clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };
const origin = 'https://chat.example.org';

describe('permalinks', () => {
  it('writes links to this client and reads them back', () => {
    const link = permalinkFor(origin, '!abc:example.org', '$ev/1+x');
    expect(link).toBe('https://chat.example.org/#/room/!abc%3Aexample.org/%24ev%2F1%2Bx');
    expect(parsePermalink(link, origin)).toEqual({ room: '!abc:example.org', eventId: '$ev/1+x' });
    expect(parsePermalink(new URL(link).hash)).toEqual({ room: '!abc:example.org', eventId: '$ev/1+x' });
  });

  it('reads matrix.to links and matrix: URIs, with aliases and without an event', () => {
    expect(parsePermalink('https://matrix.to/#/%23general%3Aexample.org/%24ev?via=example.org')).toEqual({ room: '#general:example.org', eventId: '$ev' });
    expect(parsePermalink('https://matrix.to/#/!r:example.org')).toEqual({ room: '!r:example.org', eventId: null });
    expect(parsePermalink('matrix:roomid/r:example.org/e/ev?via=example.org')).toEqual({ room: '!r:example.org', eventId: '$ev' });
    expect(parsePermalink('matrix:r/general:example.org')).toEqual({ room: '#general:example.org', eventId: null });
  });

  it('ignores other links, other origins and user links', () => {
    expect(parsePermalink('https://example.org/page')).toBeNull();
    expect(parsePermalink(permalinkFor('https://elsewhere.org', '!r:x', '$e'), origin)).toBeNull();
    expect(parsePermalink('https://matrix.to/#/@alice:example.org')).toBeNull();
    expect(parsePermalink('https://matrix.to/#/!r:x/not-an-event')).toBeNull();
    expect(parsePermalink('not a url')).toBeNull();
    expect(parsePermalink('#/room/%E0%A4%A')).toBeNull();
  });
});

describe('TimelineViewModel.openAt', () => {
  it('highlights an event already in the live timeline without leaving the present', async () => {
    const client = fakeChatClient();
    client.events.set('!r', [event({ sender: '@bob:test', ts: 1, eventId: '$here' })]);
    const vm = new TimelineViewModel(client, '!r');
    expect(await vm.openAt('$here')).toBe(true);
    expect(vm.state).toMatchObject({ highlight: '$here', inPast: false });
  });

  it('shows the context of an older event, then jumps back to the present', async () => {
    const client = fakeChatClient();
    client.events.set('!r', [event({ sender: '@bob:test', ts: 100, eventId: '$now', content: { msgtype: 'm.text', body: 'now' } })]);
    client.context.set('$old', [
      event({ sender: '@bob:test', ts: 1, eventId: '$before', content: { msgtype: 'm.text', body: 'before' } }),
      event({ sender: '@bob:test', ts: 2, eventId: '$old', content: { msgtype: 'm.text', body: 'old' } }),
    ]);
    const vm = new TimelineViewModel(client, '!r');
    client.calls.length = 0;
    expect(await vm.openAt('$old')).toBe(true);
    const bodies = () => vm.state.items.flatMap((i) => (i.kind === 'message' ? [i.body] : []));
    expect(bodies()).toEqual(['before', 'old']);
    expect(vm.state).toMatchObject({ highlight: '$old', inPast: true });
    // Live events keep arriving without pulling the view away, and nothing is marked read from the past.
    client.events.set('!r', [...client.events.get('!r')!, event({ sender: '@bob:test', ts: 101 })]);
    client.emit();
    expect(bodies()).toEqual(['before', 'old']);
    expect(client.calls).toEqual([]);
    await vm.loadOlder();
    expect(vm.state.paginating).toBe(false);
    vm.jumpToPresent();
    expect(vm.state).toMatchObject({ highlight: null, inPast: false });
    expect(bodies()).toEqual(['now', 'hi']);
  });

  it('reports an event it cannot load', async () => {
    const vm = new TimelineViewModel(fakeChatClient(), '!r');
    expect(await vm.openAt('$missing')).toBe(false);
    expect(vm.state.error).toMatch(/could not be loaded/);
  });
});

describe('ChatViewModel.openPermalink', () => {
  function setup() {
    const client = fakeChatClient();
    client.rooms = [room({ roomId: '!a', name: 'alpha' }), room({ roomId: '!g', name: 'general', alias: '#general:test' })];
    client.events.set('!g', [event({ sender: '@bob:test', ts: 1, eventId: '$g1' })]);
    const said: string[] = [];
    const vm = new ChatViewModel({
      client,
      announcer: new Announcer((text) => said.push(text), stillClock),
      drafts: { get: () => '', set: () => undefined },
      toHtml: () => null,
      suggestedRooms: [],
    });
    return { vm, said };
  }

  it('opens the room by ID or alias at the event', async () => {
    const { vm } = setup();
    expect(await vm.openPermalink({ room: '#general:test', eventId: '$g1' })).toBe(true);
    expect(vm.state.roomId).toBe('!g');
    expect(vm.timeline?.state.highlight).toBe('$g1');
    expect(await vm.openPermalink({ room: '!a', eventId: null })).toBe(true);
    expect(vm.state.roomId).toBe('!a');
  });

  it('says why when the room is not joined or the event is unknown', async () => {
    const { vm, said } = setup();
    expect(await vm.openPermalink({ room: '!elsewhere:test', eventId: '$x' })).toBe(false);
    expect(await vm.openPermalink({ room: '!g', eventId: '$missing' })).toBe(false);
    expect(said).toEqual(['You are not in !elsewhere:test; join it to open this link.', 'That message could not be loaded.']);
  });
});
