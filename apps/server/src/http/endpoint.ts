import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../deps.ts';
import type { Config } from '../config.ts';
import type { Principal } from '../identity/Principal.ts';
import type { AuthMode, Contract } from '@parley/api';

export type { AuthMode, HttpMethod } from '@parley/api';

export interface HandlerContext<A extends AuthMode, P, Q, B> {
  deps: AppDeps;
  auth: A extends 'required' ? Principal : Principal | null;
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

type StaticOr<T, D> = T extends TSchema ? Static<T> : D;

/** What the server adds to a contract: its rate limit and its handler. */
export interface Binding<A extends AuthMode, P extends TSchema | undefined, Q extends TSchema | undefined, B extends TSchema | undefined> {
  rateLimit?: keyof Omit<Config['rateLimits'], 'enabled'>;
  handler: (ctx: HandlerContext<A, StaticOr<P, Record<string, string>>, StaticOr<Q, Record<string, unknown>>, StaticOr<B, unknown>>) => Promise<unknown>;
}

/** A contract (packages/api) with its handler bound: the route, its validation, and the types its handler sees. */
export interface Endpoint<
  A extends AuthMode = AuthMode,
  P extends TSchema | undefined = TSchema | undefined,
  Q extends TSchema | undefined = TSchema | undefined,
  B extends TSchema | undefined = TSchema | undefined,
>
  extends Contract<A, P, Q, B>, Binding<A, P, Q, B> {}

/** Binds a handler (and rate limit) to a contract; method, path, auth and schemas come from the contract. */
export function defineEndpoint<A extends AuthMode, P extends TSchema | undefined, Q extends TSchema | undefined, B extends TSchema | undefined, R extends TSchema>(
  contract: Contract<A, P, Q, B, R>,
  binding: Binding<A, P, Q, B>,
): Endpoint<A, P, Q, B> {
  return { ...contract, ...binding };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any, any, any>;
