import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../deps.ts';
import type { Config } from '../config.ts';
import type { Principal } from '../identity/Principal.ts';

export type AuthMode = 'required' | 'optional' | 'none';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

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

export interface Endpoint<
  A extends AuthMode = AuthMode,
  P extends TSchema | undefined = TSchema | undefined,
  Q extends TSchema | undefined = TSchema | undefined,
  B extends TSchema | undefined = TSchema | undefined,
> {
  /** Spec operation name, for the coverage report. */
  operationId: string;
  method: HttpMethod;
  /** Path as the spec writes it, with {param} segments, starting at /_matrix/client/v3 (or another root). */
  path: string;
  /** Also served under /_matrix/client/r0 (endpoints that existed in r0). */
  r0?: boolean;
  auth: A;
  rateLimit?: keyof Omit<Config['rateLimits'], 'enabled'>;
  params?: P;
  query?: Q;
  body?: B;
  handler: (ctx: HandlerContext<A, StaticOr<P, Record<string, string>>, StaticOr<Q, Record<string, unknown>>, StaticOr<B, unknown>>) => Promise<unknown>;
}

/** Defines an endpoint once: the route, its validation, and the types its handler sees. */
export function defineEndpoint<A extends AuthMode, P extends TSchema | undefined = undefined, Q extends TSchema | undefined = undefined, B extends TSchema | undefined = undefined>(
  e: Endpoint<A, P, Q, B>,
): Endpoint<A, P, Q, B> {
  return e;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any, any, any>;
