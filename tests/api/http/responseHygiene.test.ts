import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { openRaw, parseRawResponse, rawRequest, type RawHttpResponse } from '../../support/rawHttp.ts';
import { createRoom, r } from '../../support/factories.ts';

const LIMIT = 4096;

function assertHygiene(res: RawHttpResponse, label: string): void {
  assert.equal(res.headers['access-control-allow-origin'], '*', `${label}: CORS origin`);
  assert.match(res.headers['access-control-allow-headers'] ?? '', /Authorization/, `${label}: CORS headers`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${label}: nosniff`);
  assert.equal(res.headers['cache-control'], 'no-store', `${label}: no-store`);
}

function assertMatrixError(res: RawHttpResponse, status: number, errcode: string, label: string): void {
  assert.equal(res.status, status, `${label}: ${res.status} ${res.body.slice(0, 200)}`);
  assert.equal(JSON.parse(res.body).errcode, errcode, label);
  assertHygiene(res, label);
}

onEachDatabase('response hygiene', { file: { max_body_bytes: LIMIT } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice);
  });
  const get = (path: string, extra = ''): Promise<RawHttpResponse> => rawRequest(ctx.server.url, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extra}\r\n`);

  test('every answer, routed or not, carries CORS, nosniff and no-store', async () => {
    assertHygiene(await get('/_matrix/client/versions'), 'versions');
    assertHygiene(await get('/_matrix/client/v3/account/whoami', `Authorization: Bearer ${alice.accessToken}\r\n`), 'whoami');
    assertMatrixError(await get('/_matrix/client/v3/account/whoami'), 401, 'M_MISSING_TOKEN', 'no token');
    assertMatrixError(await get('/_matrix/client/v3/no/such/thing'), 404, 'M_UNRECOGNIZED', '404');
    assertMatrixError(await rawRequest(ctx.server.url, 'DELETE /_matrix/client/v3/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), 405, 'M_UNRECOGNIZED', '405');
    assertMatrixError(await get(`/_matrix/client/v3/rooms/${'a'.repeat(3000)}/members`), 414, 'M_TOO_LARGE', '414');
    assertMatrixError(await get('/_matrix/client/v3/rooms/%zz/members'), 404, 'M_UNRECOGNIZED', 'bad escape');
    assertMatrixError(await get('/_matrix/client/versions', `X-Big: ${'h'.repeat(20_000)}\r\n`), 431, 'M_TOO_LARGE', '431');
    const preflight = await rawRequest(
      ctx.server.url,
      'OPTIONS /_matrix/client/v3/sync HTTP/1.1\r\nHost: localhost\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n',
    );
    assert.equal(preflight.status, 204);
    assertHygiene(preflight, 'OPTIONS');
    assertMatrixError(
      await rawRequest(
        ctx.server.url,
        `PUT /_matrix/client/v3/rooms/${r(roomId)}/send/m.room.message/t1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${alice.accessToken}\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{"body":`,
      ),
      400,
      'M_NOT_JSON',
      'not JSON',
    );
  });

  test('discovery documents are cacheable, with CORS and nosniff', async () => {
    const wk = await get('/.well-known/matrix/client');
    assert.equal(wk.status, 200);
    assert.equal(wk.headers['access-control-allow-origin'], '*');
    assert.equal(wk.headers['x-content-type-options'], 'nosniff');
    assert.match(wk.headers['cache-control'] ?? '', /max-age=\d+/);
  });

  test('an HTTP/1.1 request without Host gets a Matrix 400', async () => {
    const res = await rawRequest(ctx.server.url, 'GET /_matrix/client/versions HTTP/1.1\r\nConnection: close\r\n\r\n');
    assertMatrixError(res, 400, 'M_UNKNOWN', 'no Host');
    // HTTP/1.0 has no Host requirement.
    assert.equal((await rawRequest(ctx.server.url, 'GET /_matrix/client/versions HTTP/1.0\r\n\r\n')).status, 200);
  });

  test('an oversized body gets a readable 413 M_TOO_LARGE every time, with Content-Length or chunked', async () => {
    // The body is far over the limit and still being written when the server refuses it: the
    // server must neither reset nor close the connection under the writer, and the 413 must
    // arrive whole; the connection then serves the next request.
    const path = `/_matrix/client/v3/rooms/${r(roomId)}/send/m.room.message`;
    const body = JSON.stringify({ msgtype: 'm.text', body: 'x'.repeat(2000 * LIMIT) });
    for (let i = 0; i < 3; i++) {
      for (const chunked of [false, true]) {
        const label = `${chunked ? 'chunked' : 'Content-Length'} #${i}`;
        const conn = await openRaw(ctx.server.url);
        const head = `PUT ${path}/big${i}${chunked ? 'c' : 'l'} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${alice.accessToken}\r\nContent-Type: application/json\r\n`;
        const request = chunked
          ? `${head}Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`
          : `${head}Content-Length: ${body.length}\r\n\r\n${body}`;
        const writeError = await new Promise<Error | null | undefined>((resolve) => conn.socket.write(request, resolve));
        assert.equal(writeError ?? null, null, `${label}: the connection broke while the body was written`);
        conn.socket.write('GET /_matrix/client/versions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        await conn.closed;
        const text = conn.received();
        assertMatrixError(parseRawResponse(text), 413, 'M_TOO_LARGE', label);
        const second = text.indexOf('HTTP/1.1', 1);
        assert.ok(second > 0, `${label}: no answer to the request after the refused one`);
        assert.equal(parseRawResponse(text.slice(second)).status, 200, label);
      }
    }
  });
});
