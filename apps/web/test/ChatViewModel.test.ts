import { describe, expect, it } from 'vitest';
import { Announcer, type Clock } from '../src/viewModels/Announcer.ts';
import { ChatViewModel } from '../src/viewModels/ChatViewModel.ts';
import { event, fakeChatClient, room } from './fakeChatClient.ts';

const stillClock: Clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };

function setup(last: string | null = null) {
  const client = fakeChatClient();
  client.rooms = [room({ roomId: '!b', name: 'beta' }), room({ roomId: '!a', name: 'alpha', unread: 2 }), room({ roomId: '!d', name: 'Dana', isDirect: true })];
  for (const r of client.rooms) client.events.set(r.roomId, [event({ sender: '@bob:test', ts: 1 })]);
  const said: string[] = [];
  const remembered: string[] = [];
  const vm = new ChatViewModel({
    client,
    announcer: new Announcer((text) => said.push(text), stillClock),
    drafts: { get: () => '', set: () => undefined },
    toHtml: () => null,
    suggestedRooms: ['#welcome:test'],
    lastRoom: { get: () => last, set: (r) => void remembered.push(r) },
  });
  return { client, vm, said, remembered };
}

describe('ChatViewModel', () => {
  it('opens the last room if still joined, else the first channel, and marks it read', () => {
    expect(setup('!d').vm.state.roomId).toBe('!d');
    const { vm, client, remembered } = setup('!gone');
    expect(vm.state.roomId).toBe('!a');
    expect(client.calls).toContain('read !a');
    vm.open('!b');
    expect(remembered).toEqual(['!a', '!b']);
    expect(vm.timeline?.roomId).toBe('!b');
    expect(vm.composer?.roomId).toBe('!b');
  });

  it("announces others' new messages in the open room only: not our own, not edits, not other rooms", () => {
    const { vm, client, said } = setup();
    const roomId = vm.state.roomId!;
    client.live(roomId, event({ sender: '@bob:test', ts: 1, senderName: 'Bob', content: { msgtype: 'm.text', body: 'hello' } }));
    client.live(roomId, event({ sender: '@me:test', ts: 2, content: { msgtype: 'm.text', body: 'mine' } }));
    client.live('!elsewhere', event({ sender: '@bob:test', ts: 3, content: { msgtype: 'm.text', body: 'elsewhere' } }));
    client.live(roomId, event({ sender: '@bob:test', ts: 4, content: { msgtype: 'm.text', body: '* fixed', 'm.relates_to': { rel_type: 'm.replace', event_id: '$x' } } }));
    client.live(roomId, event({ sender: '@bob:test', ts: 5, type: 'm.reaction', content: {} }));
    expect(said).toEqual(['Bob: hello']);
  });

  it('announces a mention of me assertively and emotes as actions', () => {
    const { vm, client, said } = setup();
    const roomId = vm.state.roomId!;
    client.live(roomId, event({ sender: '@bob:test', ts: 1, senderName: 'Bob', content: { msgtype: 'm.text', body: 'hey @me:test' } }));
    client.live(roomId, event({ sender: '@carol:test', ts: 2, senderName: 'Carol', content: { msgtype: 'm.emote', body: 'waves' } }));
    expect(said).toEqual(['Bob mentioned you: hey @me:test', 'Carol waves']);
  });

  it('suggests only the channels not joined yet', () => {
    const { vm, client } = setup();
    client.rooms = [...client.rooms, { ...client.rooms[0]!, roomId: '!w', alias: '#welcome:test' }];
    client.emit();
    expect(vm.suggestions()).toEqual([]);
    client.rooms = client.rooms.filter((r) => r.roomId !== '!w');
    client.emit();
    expect(vm.suggestions()).toEqual(['#welcome:test']);
  });

  it('after leaving, opens another joined room', () => {
    const { vm } = setup('!b');
    vm.closeRoom();
    expect(vm.state.roomId).not.toBe('!b');
    expect(vm.state.roomId).not.toBeNull();
  });
});
