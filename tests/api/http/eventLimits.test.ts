import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, nextTxnId, r } from '../../support/factories.ts';

/** The raw-body forms a JSON serialiser would never produce: floats, unsafe integers, NaN, Infinity. */
const BAD_NUMBERS: Array<[string, string]> = [
  ['a float', '1.5'],
  ['a float written with an exponent', '1.5e-3'],
  ['a float with an integral value', '1.0'],
  ['an integral value written with an exponent', '1e3'],
  ['an integral value written with an upper-case exponent', '2E2'],
  ['an integer above 2^53-1', '9007199254740992'],
  ['an integer below -(2^53-1)', '-9007199254740992'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['-Infinity', '-Infinity'],
];

const big = (bytes: number): string => 'x'.repeat(bytes);

async function raw(user: TestUser, method: string, path: string, body: string) {
  return user.api.request(method, path, undefined, { rawBody: body, headers: { 'content-type': 'application/json' } });
}

onEachDatabase('event size and number checks', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  /** Every endpoint that builds an event from a JSON body, with a body holding `value` inside the event content. */
  const paths = (roomId: string): Array<[string, string, (value: string) => string]> => [
    ['PUT /send', `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, (v) => `{"msgtype":"m.text","body":"x","n":${v}}`],
    ['PUT /state', `/rooms/${r(roomId)}/state/org.example.state/k`, (v) => `{"n":${v}}`],
    ['PUT /state nested', `/rooms/${r(roomId)}/state/org.example.state/k2`, (v) => `{"a":{"b":[1,${v}]}}`],
  ];

  for (const [what, value] of BAD_NUMBERS) {
    test(`${what} in event content is 400 M_BAD_JSON on every event-sending endpoint`, async () => {
      const roomId = await createRoom(alice);
      for (const [name, path, body] of paths(roomId)) {
        const res = await raw(alice, 'PUT', path, body(value));
        assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
        assert.ok(['M_BAD_JSON', 'M_NOT_JSON'].includes(res.body.errcode), `${name}: ${JSON.stringify(res.body)}`);
      }
      const created = await raw(alice, 'POST', '/createRoom', `{"initial_state":[{"type":"org.example.x","state_key":"","content":{"n":${value}}}]}`);
      assert.equal(created.status, 400, JSON.stringify(created.body));
      const createContent = await raw(alice, 'POST', '/createRoom', `{"creation_content":{"n":${value}}}`);
      assert.equal(createContent.status, 400, JSON.stringify(createContent.body));
      const pl = await raw(alice, 'POST', '/createRoom', `{"power_level_content_override":{"users_default":${value}}}`);
      assert.equal(pl.status, 400, JSON.stringify(pl.body));
    });
  }

  test('floats and unsafe integers refuse with M_BAD_JSON; NaN is M_NOT_JSON', async () => {
    const roomId = await createRoom(alice);
    expectError(await raw(alice, 'PUT', `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, '{"body":"x","n":1.5}'), 400, 'M_BAD_JSON');
    expectError(await raw(alice, 'PUT', `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, '{"body":"x","n":9007199254740992}'), 400, 'M_BAD_JSON');
    expectError(await raw(alice, 'PUT', `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, '{"body":"x","n":NaN}'), 400, 'M_NOT_JSON');
    // The boundaries themselves are fine.
    const ok = await raw(alice, 'PUT', `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, '{"body":"x","n":9007199254740991,"m":-9007199254740991,"z":-0}');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('an event body over 65,536 bytes is 413 M_TOO_LARGE on /send, /state and createRoom; one just under goes through', async () => {
    const roomId = await createRoom(alice);
    expectError(await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: big(70_000) }), 413, 'M_TOO_LARGE');
    expectError(await alice.api.put(`/rooms/${r(roomId)}/state/org.example.big/`, { v: big(70_000) }), 413, 'M_TOO_LARGE');
    expectError(await alice.api.post('/createRoom', { initial_state: [{ type: 'org.example.big', state_key: '', content: { v: big(70_000) } }] }), 413, 'M_TOO_LARGE');
    // Content that fits the body limit but makes the built event (with its hashes, signatures, IDs) too large.
    expectError(await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: big(65_400) }), 413, 'M_TOO_LARGE');
    const ok = await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: big(60_000) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('floats stay fine outside event bodies (a tag order), and in strings anywhere', async () => {
    const roomId = await createRoom(alice);
    const tag = await raw(alice, 'PUT', `/user/${r(alice.userId)}/rooms/${r(roomId)}/tags/u.work`, '{"order":0.5}');
    assert.equal(tag.status, 200, JSON.stringify(tag.body));
    const ok = await raw(
      alice,
      'PUT',
      `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`,
      '{"msgtype":"m.text","body":"pi is 3.14, 1e3 \\" 2.5","true":true,"false":false,"e":1}',
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('a profile too large for the member events it makes is refused', async () => {
    await createRoom(alice);
    expectError(await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: big(70_000) }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: big(257) }), 400, 'M_INVALID_PARAM');
  });

  test('a membership body (join, invite, kick, ban, leave) with floats or too large is refused', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    const res = await raw(alice, 'POST', `/rooms/${r(roomId)}/kick`, `{"user_id":"@nobody:localhost","reason":"x","n":1.5}`);
    assert.ok(res.status === 400 || res.status === 403, JSON.stringify(res.body));
    // Reasons are bounded by the contracts (2,048 characters), well inside an event.
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: '@nobody:localhost', reason: big(70_000) }), 400, 'M_BAD_JSON');
  });
});
