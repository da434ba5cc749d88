import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction, Socket } from 'node:net';
import { OutboundError } from './OutboundError.ts';
import { combinePolicies, refuseAddress, refuseHost, type OutboundPolicy } from './OutboundPolicy.ts';
import { parseIpAddress } from './IpAddress.ts';
import { connectHost, normaliseUrl, portOf } from './normaliseUrl.ts';

/** A DNS answer: every address a name resolves to. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface OutboundLimits {
  /** Time for the whole request, redirects and body included. */
  timeoutMs: number;
  /** Redirects followed before giving up. */
  maxRedirects: number;
  /** Largest response body read; a longer one is cut off and refused. */
  maxResponseBytes: number;
}

export interface GuardedHttpClientOptions {
  policy: OutboundPolicy;
  limits: OutboundLimits;
  userAgent: string;
  /** Resolves host names (default: the system resolver, every A and AAAA answer). Tests pass their own. */
  resolve?: Resolver;
}

export interface OutboundRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Narrower limits for this request (each falls back to the client's). */
  limits?: Partial<OutboundLimits>;
  /** More lists for this request (e.g. url_preview's): combined with the client's, see combinePolicies. */
  policy?: OutboundPolicy;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  /** The address actually connected to. */
  remoteAddress: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers not carried to another origin on a redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The one HTTP client for every request Parley makes to the outside (URL previews; later push
 * gateways, webhooks, application services). Every destination is checked against the policy
 * (no loopback, private, link-local or other non-public address unless configured) where it
 * matters: the connection resolves the host through this client's `lookup`, which refuses the
 * whole answer if any address is forbidden and hands the checked addresses to the socket, so what
 * was checked is what is connected to (no DNS rebinding between check and connect); the connected
 * socket's address is checked again; and each redirect is a new, fully checked request. Bodies are
 * streamed against a size limit and the whole exchange against a time limit.
 */
export class GuardedHttpClient {
  private readonly resolve: Resolver;

  constructor(private readonly options: GuardedHttpClientOptions) {
    this.resolve = options.resolve ?? ((hostname) => dnsLookup(hostname, { all: true }));
  }

  async fetch(input: string | URL, req: OutboundRequest = {}): Promise<OutboundResponse> {
    const limits = { ...this.options.limits, ...req.limits };
    const policy = req.policy ? combinePolicies(this.options.policy, req.policy) : this.options.policy;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new OutboundError('timeout', `No complete answer within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    const onAbort = (): void => controller.abort(new OutboundError('timeout', 'Request cancelled'));
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let url = normaliseUrl(input);
      let method = req.method ?? 'GET';
      let body = req.body;
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent, 'accept-encoding': 'identity', ...lowerKeys(req.headers ?? {}) };
      for (let redirects = 0; ; redirects++) {
        const res = await this.send(url, method, headers, body, policy, controller.signal);
        const location = res.headers.location;
        if (!REDIRECTS.has(res.statusCode ?? 0) || typeof location !== 'string') return await readBody(res, url, limits.maxResponseBytes, controller.signal);
        res.destroy();
        if (redirects >= limits.maxRedirects) throw new OutboundError('too-many-redirects', `More than ${limits.maxRedirects} redirects`);
        let next: URL;
        try {
          next = normaliseUrl(new URL(location, url));
        } catch (err) {
          throw err instanceof OutboundError ? err : new OutboundError('bad-url', 'Redirect to an invalid URL');
        }
        if (next.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h];
        // 303, and 301/302 after a POST (as browsers do), continue as a GET without a body.
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = next;
      }
    } catch (err) {
      throw toOutboundError(err, controller.signal);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** One request to one checked destination; resolves with the response head. */
  private send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    policy: OutboundPolicy,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const host = connectHost(url);
    const port = portOf(url);
    const hostRefused = refuseHost(policy, host);
    if (hostRefused) return Promise.reject(new OutboundError('blocked-host', hostRefused));
    const literal = parseIpAddress(host);
    if (literal) {
      const refused = refuseAddress(policy, literal, port);
      if (refused) return Promise.reject(new OutboundError('blocked-address', refused));
    }
    const options: RequestOptions = {
      method,
      host,
      port,
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, host: url.host, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      agent: false,
      signal,
      lookup: this.pinnedLookup(policy, port),
      ...(url.protocol === 'https:' && !literal ? { servername: host } : {}),
    };
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
        const refused = checkSocket(res.socket, policy, port);
        if (refused) {
          res.destroy();
          reject(new OutboundError('blocked-address', refused));
        } else resolve(res);
      });
      request.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          const refused = checkSocket(socket, policy, port);
          if (refused) request.destroy(new OutboundError('blocked-address', refused));
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /**
   * The socket's DNS lookup: resolves the name, refuses the whole answer if any address is
   * forbidden (a name with one private address is not trusted for the others), and returns the
   * checked addresses, which are what the socket connects to.
   */
  private pinnedLookup(policy: OutboundPolicy, port: number): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname).then(
        (answers) => {
          if (answers.length === 0) return callback(new OutboundError('network', `${hostname} has no address`), '', 4);
          for (const a of answers) {
            const ip = parseIpAddress(a.address);
            const refused = ip ? refuseAddress(policy, ip, port) : `${hostname} resolved to an unparsable address`;
            if (refused) return callback(new OutboundError('blocked-address', `${hostname} resolves to a forbidden address: ${refused}`), '', 4);
          }
          const wanted = options.family === 4 || options.family === 6 ? answers.filter((a) => a.family === options.family) : answers;
          if (wanted.length === 0) return callback(new OutboundError('network', `${hostname} has no IPv${options.family} address`), '', 4);
          if (options.all) (callback as unknown as (err: null, all: Array<{ address: string; family: number }>) => void)(null, wanted);
          else callback(null, wanted[0]!.address, wanted[0]!.family);
        },
        (err: unknown) => callback(new OutboundError('network', `Cannot resolve ${hostname}: ${(err as Error).message}`), '', 4),
      );
    };
  }
}

function checkSocket(socket: Socket, policy: OutboundPolicy, port: number): string | null {
  const remote = socket.remoteAddress;
  if (remote === undefined) return null; // not connected yet: the lookup checked where it will connect
  const ip = parseIpAddress(remote);
  return ip ? refuseAddress(policy, ip, port) : `connected to an unparsable address`;
}

function readBody(res: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal): Promise<OutboundResponse> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(new OutboundError('too-large', `Response larger than ${maxBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onAbort = (): void => {
      res.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        signal.removeEventListener('abort', onAbort);
        reject(new OutboundError('too-large', `Response larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: url.href, remoteAddress: res.socket?.remoteAddress ?? '' });
    });
    res.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}

function toOutboundError(err: unknown, signal: AbortSignal): OutboundError {
  if (err instanceof OutboundError) return err;
  if (signal.aborted && signal.reason instanceof OutboundError) return signal.reason;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof OutboundError) return cause;
  return new OutboundError('network', (err as Error).message ?? 'Request failed');
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
