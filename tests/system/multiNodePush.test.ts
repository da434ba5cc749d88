// Two nodes on one PostgreSQL database (Redis between them): every notification reaches the push
// gateway exactly once, whichever node the message was sent through and whichever node was woken
// (both are, by their own feeds and sweeps; the lease row lets one deliver a user at a time).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { Api, registerUser } from '../support/client.ts';
import { createRoom, join, sendText } from '../support/factories.ts';
import { startPushGateway, type PushGateway } from '../support/pushGateway.ts';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const c = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

const skip = !DATABASES.includes('postgres') ? 'PostgreSQL is not in PARLEY_TEST_DATABASES' : !(await redisReachable()) ? `no Redis at ${REDIS_URL}` : false;

describe('push delivery on two nodes', { skip }, () => {
  let scratch: ScratchDatabase;
  let gateway: PushGateway;
  let nodeA: TestServer;
  let nodeB: TestServer;
  before(async () => {
    gateway = await startPushGateway();
    scratch = await createScratchPostgres();
    // A short sweep: both nodes keep looking for undelivered notifications while the test runs.
    const file = { redis_url: REDIS_URL, push: { ip_range_allowlist: [{ cidr: '127.0.0.1/32', port: gateway.port }], sweep_interval_ms: 200 } };
    nodeA = await startTestServer('postgres', { postgres: scratch, file });
    nodeB = await startTestServer('postgres', { postgres: scratch, file });
  });
  after(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await scratch?.drop();
    await gateway?.close();
  });

  test('messages sent through both nodes are each pushed once', async () => {
    const alice = await registerUser(nodeA.url);
    const bobOnA = await registerUser(nodeA.url);
    const bobOnB = { ...bobOnA, api: new Api(nodeB.url, bobOnA.accessToken) };
    const roomId = await createRoom(bobOnA, { preset: 'public_chat' });
    await join(alice, roomId);
    const pushkey = 'two-nodes';
    const set = await alice.api.post('/pushers/set', {
      kind: 'http',
      app_id: 'org.parley.nodes',
      pushkey,
      app_display_name: 'x',
      device_display_name: 'x',
      lang: 'en',
      data: { url: gateway.url, format: 'event_id_only' },
    });
    assert.equal(set.status, 200);
    const sent: string[] = [];
    for (let i = 0; i < 12; i++) sent.push(await sendText(i % 2 === 0 ? bobOnA : bobOnB, roomId, `message ${i}`));
    await gateway.waitFor((n) => n.notification.event_id === sent.at(-1), 15_000);
    // Time for a duplicate to show, with both nodes sweeping every 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pushed = gateway.received.map((n) => n.notification.event_id as string);
    assert.deepEqual(pushed, sent, 'each message once, in order');
  });
});
