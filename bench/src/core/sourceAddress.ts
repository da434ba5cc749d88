/**
 * Loopback source addresses 127.0.0.2 … 127.0.0.60. Every client binds its socket(s) to
 * one of them (by user index), so N connections to one server port are spread over 59
 * source addresses, each with its own ephemeral ports: past the ~28k (default port range)
 * or ~64k connections one source address can open to one destination. It also keeps each
 * address under any per-IP connection limit a peer has. The whole 127.0.0.0/8 is local on
 * Linux, so nothing needs configuring.
 */
export const SOURCE_ADDRESS_COUNT = 59;

const ADDRESSES = Array.from({ length: SOURCE_ADDRESS_COUNT }, (_, i) => `127.0.0.${2 + i}`);

/** The source address user `user` connects from. */
export function sourceAddress(user: number): string {
  return ADDRESSES[Math.abs(Math.trunc(user)) % SOURCE_ADDRESS_COUNT]!;
}

export const SOURCE_ADDRESS_RANGE = `127.0.0.2-127.0.0.${1 + SOURCE_ADDRESS_COUNT}`;
