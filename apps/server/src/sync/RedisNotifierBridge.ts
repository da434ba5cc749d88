import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { randomId } from '../security/tokens.ts';
import { ALL_CHANGE_KINDS, type ChangeKind, type Notifier } from './Notifier.ts';
import type { TypingSnapshot, TypingTracker } from './TypingTracker.ts';

/** A wake-up, or (with `typing`) a node's own users' typing in the rooms it announced at `position`. */
interface Message {
  node: string;
  position: number;
  users?: string[];
  kinds?: ChangeKind[];
  typing?: Record<string, TypingSnapshot>;
}

/**
 * Carries notifier wake-ups between server nodes over Redis pub/sub: each node
 * publishes what it commits and wakes its own long-polls for what others commit.
 * Positions are committed in order (one counter row), so the highest position
 * heard is always safe to read up to. Typing, which lives in memory, travels the
 * same way: a node publishes its users' typing before the wake-up that announces it
 * (one connection keeps the order), so a woken node already knows who is typing.
 */
export class RedisNotifierBridge {
  private readonly node = randomId(8);
  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
  ) {}

  /**
   * `clusterId` names the database the nodes share (server name + signing key ID),
   * so two deployments on one Redis never hear each other's stream positions.
   */
  static async connect(
    url: string,
    clusterId: string,
    notifier: Notifier,
    log: Logger,
    streamPosition: () => Promise<number>,
    typing?: TypingTracker,
  ): Promise<RedisNotifierBridge> {
    const CHANNEL = `parley:notify:${clusterId}`;
    const { Redis } = await import('ioredis');
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
    for (const c of [pub, sub]) c.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error'));
    await Promise.all([pub.connect(), sub.connect()]);
    const bridge = new RedisNotifierBridge(pub, sub);
    await sub.subscribe(CHANNEL);
    // While the subscription is down, notifications from other nodes are lost: stop trusting the local view until it is back.
    sub.on('close', () => notifier.resetView());
    sub.on('ready', () => {
      streamPosition().then(
        (p) => notifier.start(p),
        (err: Error) => log.warn({ err: err.message }, 'reading the stream position failed'),
      );
    });
    sub.on('message', (_channel: string, raw: string) => {
      let m: Message;
      try {
        m = JSON.parse(raw) as Message;
      } catch {
        return;
      }
      if (m.node === bridge.node || typeof m.position !== 'number') return;
      if (m.typing !== undefined) {
        if (typeof m.typing === 'object' && m.typing !== null) typing?.applyRemote(m.node, m.position, m.typing);
        return;
      }
      if (!Array.isArray(m.users)) return;
      notifier.notify(m.position, m.users, Array.isArray(m.kinds) ? m.kinds : ALL_CHANGE_KINDS, true);
    });
    const publish = (message: Message): void => {
      pub.publish(CHANNEL, JSON.stringify(message)).catch((err: Error) => log.warn({ err: err.message }, 'redis publish failed'));
    };
    notifier.onNotify = (position, users, kinds) => publish({ node: bridge.node, position, users, kinds: [...kinds] });
    if (typing) typing.onAnnounced = (position, rooms) => publish({ node: bridge.node, position, typing: rooms });
    return bridge;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
