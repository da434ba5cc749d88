import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { openRaw, parseRawResponse, rawRequest, type RawConnection } from '../../support/rawHttp.ts';

const CAP = 4;
const VERSIONS = 'GET /_matrix/client/versions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

onEachDatabase('connections per client address', { file: { http: { max_connections_per_ip: CAP } } }, (ctx) => {
  test('connections past the cap are refused with 429 M_LIMIT_EXCEEDED; closing one frees a place', async () => {
    const held: RawConnection[] = [];
    for (let i = 0; i < CAP; i++) held.push(await openRaw(ctx.server.url));
    try {
      for (let i = 0; i < 3; i++) {
        const refused = await rawRequest(ctx.server.url, VERSIONS);
        assert.equal(refused.status, 429);
        assert.equal(JSON.parse(refused.body).errcode, 'M_LIMIT_EXCEEDED');
        assert.equal(refused.headers['retry-after'], '1');
      }
      // The held connections still work.
      held[0]!.socket.write(VERSIONS);
      await held[0]!.closed;
      assert.equal(parseRawResponse(held[0]!.received()).status, 200);
      // A place is free again once the server has seen the close (a few attempts at most).
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        status = (await rawRequest(ctx.server.url, VERSIONS)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(status, 200);
    } finally {
      for (const c of held) c.socket.destroy();
    }
  });
});
