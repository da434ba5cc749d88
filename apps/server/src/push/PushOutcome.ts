/**
 * What a push gateway made of one notification request:
 * - `delivered`: 2xx, and the pusher's pushkey not rejected;
 * - `rejected`: the pushkey is in `rejected`, or the gateway answered 404/410 (no notify endpoint
 *   there any more): the pusher is removed, as the spec asks for rejected pushkeys;
 * - `dropped`: this notification will never be accepted (another 4xx, or a destination the
 *   outbound policy refuses): skipped, the next one is tried;
 * - `retry`: a network error, a timeout, 5xx, 408 or 429: tried again after a back-off.
 */
export type PushOutcome = { kind: 'delivered' } | { kind: 'rejected' } | { kind: 'dropped'; reason: string } | { kind: 'retry'; reason: string };
