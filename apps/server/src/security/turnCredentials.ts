import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';

export interface TurnCredentials {
  username?: string;
  password?: string;
  uris?: string[];
  ttl?: number;
}

/**
 * GET /voip/turnServer's answer. With `turn.shared_secret`: coturn's REST API credentials
 * (`use-auth-secret` / `static-auth-secret`): username `<expiry unix seconds>:<user ID>`,
 * password base64(HMAC-SHA1(secret, username)), valid for `turn.user_lifetime_ms`. Else with
 * `turn.username`/`turn.password`: those, as they are. `{}` when no URIs are configured.
 */
export function turnCredentials(turn: Config['turn'], userId: string, now: number): TurnCredentials {
  if (turn.uris.length === 0) return {};
  const ttl = Math.floor(turn.userLifetimeMs / 1000);
  if (turn.sharedSecret) {
    const username = `${Math.floor(now / 1000) + ttl}:${userId}`;
    const password = createHmac('sha1', turn.sharedSecret).update(username).digest('base64');
    return { username, password, uris: turn.uris, ttl };
  }
  if (turn.username && turn.password) return { username: turn.username, password: turn.password, uris: turn.uris, ttl };
  return {};
}
