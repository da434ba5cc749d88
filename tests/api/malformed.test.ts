import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENDPOINTS } from '@parley/server';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { Api, expectError, registerUser, type TestUser } from '../support/client.ts';
import { createRoom, r, sendText } from '../support/factories.ts';
import { checkResponse, junkAuth, junkBody, junkQuery, junkSegment, sendRaw, type RawRequest } from '../support/malformedRequests.ts';

/** Generated cases per endpoint (PARLEY_MALFORMED_RUNS to dig deeper locally). */
const RUNS = Number(process.env.PARLEY_MALFORMED_RUNS ?? 12);
const SEED = process.env.PARLEY_MALFORMED_SEED !== undefined ? Number(process.env.PARLEY_MALFORMED_SEED) : undefined;

interface Fixture {
  user: TestUser;
  roomId: string;
  eventId: string;
  filterId: string;
}

const paramNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const keysOf = (schema: unknown): string[] => Object.keys((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
/** Query keys that would make a request wait (long-polls): always pinned to 0. */
const WAITING_KEYS = new Set(['timeout']);

function validParam(name: string, f: Fixture): string {
  switch (name) {
    case 'roomId':
    case 'roomIdOrAlias':
      return r(f.roomId);
    case 'userId':
      return r(f.user.userId);
    case 'eventId':
      return r(f.eventId);
    case 'filterId':
      return r(f.filterId);
    case 'deviceId':
      return r(f.user.deviceId);
    case 'roomAlias':
      return r('#malformed:localhost');
    case 'stateKey':
      return '';
    case 'txnId':
      return `m${Math.random().toString(36).slice(2)}`;
    case 'receiptType':
      return 'm.read';
    case 'keyName':
      return 'displayname';
    case 'eventType':
    case 'type':
      return 'org.parley.malformed';
    default:
      return 'x';
  }
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
}

// Uploads have their own limit (media.max_upload_size), kept small here so the oversized case stays cheap.
onEachDatabase('malformed input at every endpoint', { file: { media: { max_upload_size: 2 * 1024 * 1024 } } }, (ctx) => {
  let fixture: Fixture;

  /** A working token and room: junk sent with a valid token may log it out or leave the room. */
  async function freshFixture(): Promise<Fixture> {
    const user = await registerUser(ctx.server.url);
    const roomId = await createRoom(user, { preset: 'private_chat' });
    const eventId = await sendText(user, roomId, 'target');
    const filter = await user.api.post(`/user/${r(user.userId)}/filter`, { room: { timeline: { limit: 5 } } });
    return { user, roomId, eventId, filterId: filter.body.filter_id as string };
  }

  before(async () => {
    fixture = await freshFixture();
  });

  for (const e of ENDPOINTS) {
    const params = paramNames(e.path);
    const queryKeys = keysOf(e.query).filter((k) => !WAITING_KEYS.has(k));
    const pinned = keysOf(e.query).some((k) => WAITING_KEYS.has(k)) ? 'timeout=0' : '';
    const bodyFields = keysOf(e.body);
    const hasBody = e.method !== 'GET';

    test(`${e.method} ${e.path}`, async () => {
      const who = await fixture.user.api.get('/account/whoami');
      if (who.status !== 200 || params.some((p) => ['roomId', 'roomIdOrAlias', 'eventId'].includes(p))) fixture = await freshFixture();
      const f = fixture;
      const valid = Object.fromEntries(params.map((p) => [p, validParam(p, f)]));
      const base = (): RawRequest => ({
        method: e.method,
        path: fillPath(e.path, valid),
        query: pinned,
        headers: { authorization: `Bearer ${f.user.accessToken}`, 'content-type': 'application/json' },
        ...(hasBody ? { body: '{}' } : {}),
        label: 'valid',
      });
      const joinQuery = (...parts: string[]): string => parts.filter(Boolean).join('&');

      const badPath = fc
        .record(Object.fromEntries(params.map((p) => [p, fc.oneof(fc.constant(valid[p]!), junkSegment)])))
        .map((values): RawRequest => ({ ...base(), path: fillPath(e.path, values as Record<string, string>), label: `path ${JSON.stringify(values).slice(0, 300)}` }));
      const badQuery = junkQuery(queryKeys).map((q): RawRequest => ({ ...base(), query: joinQuery(q, pinned), label: `query ${q.slice(0, 300)}` }));
      const badAuth = junkAuth.map((a): RawRequest => {
        const b = base();
        return { ...b, headers: { ...a.headers, 'content-type': 'application/json' }, query: joinQuery(a.query, pinned), label: a.label };
      });
      const badBody = junkBody(bodyFields).map((j): RawRequest => ({ ...base(), body: j.body, label: `body (${j.label})` }));
      const cases = fc.oneof(...(hasBody ? [badBody, badBody] : []), ...(params.length > 0 ? [badPath] : []), badQuery, badAuth);

      await fc.assert(
        fc.asyncProperty(cases, async (req) => {
          const res = await sendRaw(ctx.server.url, req);
          const problem = checkResponse(res);
          assert.equal(problem, undefined, `${req.label}: ${problem} ${res.text.slice(0, 300)}`);
        }),
        { numRuns: RUNS, endOnFailure: true, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );

      if (hasBody) {
        // Over the body limit (an upload's own limit for upload endpoints): refused before anything else looks at it.
        const limit = e.rawBody ? ctx.server.config.media.maxUploadSize : ctx.server.config.maxBodyBytes;
        const huge = JSON.stringify({ body: 'x'.repeat(limit + 16) });
        const res = await sendRaw(ctx.server.url, { ...base(), body: huge, label: 'huge body' });
        assert.equal(res.status, 413, res.text.slice(0, 300));
        assert.equal(JSON.parse(res.text).errcode, 'M_TOO_LARGE');
      }
      if (e.auth === 'required') {
        // Validation runs before authentication, so a request that is also invalid may get its 400 first.
        const res = await sendRaw(ctx.server.url, { ...base(), headers: {}, label: 'no token' });
        const errcode = JSON.parse(res.text).errcode;
        if (res.status === 400) assert.ok(['M_BAD_JSON', 'M_MISSING_PARAM', 'M_INVALID_PARAM'].includes(errcode), res.text.slice(0, 300));
        else assert.deepEqual([res.status, errcode], [401, 'M_MISSING_TOKEN'], res.text.slice(0, 300));
      }
    });
  }

  test('inputs that once caused 500s get Matrix refusals', async () => {
    const f = await freshFixture();
    const send = (body: string, txn: string): Promise<{ status: number; text: string }> =>
      sendRaw(ctx.server.url, {
        method: 'PUT',
        path: `/_matrix/client/v3/rooms/${r(f.roomId)}/send/m.room.message/${txn}`,
        query: '',
        headers: { authorization: `Bearer ${f.user.accessToken}` },
        body,
        label: txn,
      });
    const refusal = (res: { status: number; text: string }): [number, string] => [res.status, JSON.parse(res.text).errcode];
    // Canonical JSON has no floats, big integers or lone surrogates: refused, not a crash.
    assert.deepEqual(refusal(await send('{"body":"x","n":0.5}', 'float')), [400, 'M_BAD_JSON']);
    assert.deepEqual(refusal(await send('{"body":"x","n":9007199254740992}', 'big')), [400, 'M_BAD_JSON']);
    assert.deepEqual(refusal(await send('{"body":"\\ud800"}', 'surrogate')), [400, 'M_BAD_JSON']);
    // Deep nesting would overflow the stack of canonical JSON: refused at parse time.
    assert.deepEqual(refusal(await send(`{"body":${'['.repeat(200)}${']'.repeat(200)}}`, 'deep')), [400, 'M_BAD_JSON']);
    assert.equal((await send(`{"body":"ok","n":${'['.repeat(50)}${']'.repeat(50)}}`, 'shallow')).status, 200);
    // Router-level failures: bad escapes, overlong parameters, oversized headers.
    const raw = (path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> =>
      sendRaw(ctx.server.url, { method: 'GET', path, query: '', headers, label: path });
    assert.equal(refusal(await raw(`/_matrix/client/v3/rooms/%ED%A0%80/state`))[1], 'M_UNRECOGNIZED');
    assert.deepEqual(refusal(await raw(`/_matrix/client/v3/rooms/${'a'.repeat(3000)}/state`)), [414, 'M_TOO_LARGE']);
    assert.deepEqual(refusal(await raw('/_matrix/client/v3/account/whoami', { authorization: `Bearer ${'t'.repeat(20_000)}` })), [431, 'M_TOO_LARGE']);
    // A NUL in a path parameter (PostgreSQL cannot store it in text) is a client error on both databases.
    const nul = await raw(`/_matrix/client/v3/devices/a%00b`, { authorization: `Bearer ${f.user.accessToken}` });
    assert.ok(nul.status === 400 || nul.status === 404, nul.text);
    assert.ok(['M_INVALID_PARAM', 'M_NOT_FOUND'].includes(JSON.parse(nul.text).errcode), nul.text);
  });

  test('the server still answers after all of it', async () => {
    const versions = await new Api(ctx.server.url).get('/_matrix/client/versions');
    assert.equal(versions.status, 200);
    const f = await freshFixture();
    assert.equal((await f.user.api.get('/account/whoami')).body.user_id, f.user.userId);
    const page = await f.user.api.get(`/rooms/${r(f.roomId)}/messages?dir=b&limit=5`);
    assert.equal(page.status, 200);
    assert.equal(page.body.chunk[0].event_id, f.eventId);
    expectError(await new Api(ctx.server.url).get('/account/whoami'), 401, 'M_MISSING_TOKEN');
  });
});
