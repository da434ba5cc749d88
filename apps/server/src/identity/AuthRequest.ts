/**
 * What authenticating needs of a request, whatever carried it (HTTP today; a WebSocket or a
 * bulk loader too). A Fastify request fits as it is.
 */
export interface AuthRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: unknown;
  /** The client's address (devices' `last_seen_ip`). */
  readonly ip: string;
}
