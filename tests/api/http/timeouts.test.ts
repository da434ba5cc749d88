import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { openRaw, parseRawResponse, trickle } from '../../support/rawHttp.ts';

// Every connection is bounded in time: headers, the whole request, and idle keep-alive.
// The server's timeouts are ~1 s here; the client trickles every 200 ms and gives up after
// 50 steps (10 s), so a server that never closes the connection fails the step count.
const STEP_MS = 200;
const MAX_STEPS = 50;
const HTTP = { headers_timeout_ms: 800, request_timeout_ms: 1200, keep_alive_timeout_ms: 800 };

function expect408(text: string): void {
  const res = parseRawResponse(text);
  assert.equal(res.status, 408, text.slice(0, 200));
  assert.equal(JSON.parse(res.body).errcode, 'M_UNKNOWN');
  assert.equal(res.headers['access-control-allow-origin'], '*');
}

onEachDatabase('connection timeouts', { file: { http: HTTP } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  test('a body trickled after complete headers is cut off with 408', async () => {
    const conn = await openRaw(ctx.server.url);
    const body = JSON.stringify({ msgtype: 'm.text', body: 'x'.repeat(500) });
    conn.socket.write(
      `POST /_matrix/client/v3/createRoom HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${alice.accessToken}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    const sent = await trickle(conn, 'x', STEP_MS, MAX_STEPS);
    assert.ok(sent < MAX_STEPS, `still open after ${sent} trickled body bytes`);
    assert.ok(sent < body.length);
    await conn.closed;
    expect408(conn.received());
  });

  test('headers trickled line by line are cut off with 408', async () => {
    const conn = await openRaw(ctx.server.url);
    conn.socket.write('GET /_matrix/client/versions HTTP/1.1\r\nHost: localhost\r\n');
    const sent = await trickle(conn, 'X-Slow: y\r\n', STEP_MS, MAX_STEPS);
    assert.ok(sent < MAX_STEPS, `still open after ${sent} trickled header lines`);
    await conn.closed;
    expect408(conn.received());
  });

  test('a connection that sends nothing is closed', async () => {
    const conn = await openRaw(ctx.server.url);
    const waited = await trickle(conn, '', STEP_MS, MAX_STEPS);
    assert.ok(waited < MAX_STEPS, 'a silent connection stays open');
  });

  test('an idle kept-alive connection is closed after its answer', async () => {
    const conn = await openRaw(ctx.server.url);
    conn.socket.write('GET /_matrix/client/versions HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const waited = await trickle(conn, '', STEP_MS, MAX_STEPS);
    assert.ok(waited < MAX_STEPS, 'an idle keep-alive connection stays open');
    assert.equal(parseRawResponse(conn.received()).status, 200);
  });

  test('a long-polling /sync outlives the request timeout and completes', async () => {
    const first = await alice.api.get('/sync');
    const since = first.body.next_batch as string;
    // The whole request is received at once; only the /sync timeout (3x the request timeout) bounds the wait.
    const conn = await openRaw(ctx.server.url);
    conn.socket.write(
      `GET /_matrix/client/v3/sync?since=${encodeURIComponent(since)}&timeout=${3 * HTTP.request_timeout_ms} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${alice.accessToken}\r\nConnection: close\r\n\r\n`,
    );
    await conn.closed;
    const res = parseRawResponse(conn.received());
    assert.equal(res.status, 200, conn.received().slice(0, 300));
    // Nothing happened, so the answer came from the timeout running out, not from an event.
    assert.equal(JSON.parse(res.body).next_batch, since);
  });
});
