/**
 * An endpoint's contract: what goes over the wire (method, path, auth, params, query, body and
 * the 2xx response), as TypeBox schemas, with no handler. The server binds a handler to each
 * contract (apps/server/src/http/endpoint.ts); the API tests validate responses against it; a
 * client gets typed calls from it. Imports nothing from the apps and no Node built-in.
 */
import type { TSchema } from '@sinclair/typebox';

/**
 * Who may call an endpoint (the server checks it once the caller is authenticated):
 * - `none`: anyone; a token is ignored;
 * - `optional`: authenticated when a token is sent;
 * - `required`: an access token must authenticate (today a user's device);
 * - `admin`: a user who is a server admin, else 403 M_FORBIDDEN;
 * - `appservice`: an application service; none can authenticate yet, so every caller is refused.
 */
export type AuthMode = 'required' | 'optional' | 'none' | 'admin' | 'appservice';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Contract<
  A extends AuthMode = AuthMode,
  P extends TSchema | undefined = TSchema | undefined,
  Q extends TSchema | undefined = TSchema | undefined,
  B extends TSchema | undefined = TSchema | undefined,
  R extends TSchema = TSchema,
> {
  /** Spec operation name (the coverage report matches on it). */
  operationId: string;
  method: HttpMethod;
  /** Path as the spec writes it, with {param} segments, starting at /_matrix/client/v3 (or another root). */
  path: string;
  /** Also served under /_matrix/client/r0 (or /_matrix/media/r0) for endpoints that existed in r0: see `r0PathOf`. */
  r0?: boolean;
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** The request body is raw bytes (a media upload, typed by its Content-Type), streamed to the handler, never parsed as JSON. */
  rawBody?: true;
  /** The JSON body of a 2xx response. Permissive where the spec is: extra properties are allowed. */
  response: R;
}

/** The r0 alias of a v3 path: `/_matrix/client/v3/…` → `/_matrix/client/r0/…`, `/_matrix/media/v3/…` → `/_matrix/media/r0/…`. */
export function r0PathOf(path: string): string {
  return path.replace(/^\/_matrix\/(client|media)\/v3\//, '/_matrix/$1/r0/');
}

/** Declares a contract; the identity function that keeps its schema types for the handler. */
export function defineContract<
  A extends AuthMode,
  P extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  B extends TSchema | undefined = undefined,
  R extends TSchema = TSchema,
>(c: Contract<A, P, Q, B, R>): Contract<A, P, Q, B, R> {
  return c;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = Contract<any, any, any, any, any>;
