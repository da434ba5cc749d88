/**
 * Why an outbound request failed. The `blocked-*` and `bad-*` kinds are refusals: the request was
 * never sent (or its connection was cut before anything was written) because of where it would go.
 */
export type OutboundErrorKind =
  /** The URL is not an absolute http(s) URL, or carries credentials. */
  | 'bad-url'
  /** The destination (the literal address, a DNS answer, or the connected socket) is a forbidden address. */
  | 'blocked-address'
  /** The host name is on a deny list, or not on a configured allow list. */
  | 'blocked-host'
  | 'too-many-redirects'
  | 'too-large'
  | 'timeout'
  /** DNS failure, connection refused or reset, malformed response. */
  | 'network';

/** The one error GuardedHttpClient.fetch throws (after its own argument checks). */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }

  /** True when the request was refused for where it would go, not because the far end failed. */
  get isRefusal(): boolean {
    return this.kind === 'bad-url' || this.kind === 'blocked-address' || this.kind === 'blocked-host';
  }
}
