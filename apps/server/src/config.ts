import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export type RegistrationMode = 'open' | 'token' | 'closed';

export interface RateLimitRule {
  /** Requests allowed per second once the burst is spent. */
  perSecond: number;
  /** Requests allowed at once. */
  burst: number;
}

/** An exception to the outbound block of non-public addresses: a CIDR range, optionally for one port only. */
export type IpRangeAllowEntry = string | { cidr: string; port?: number };

export interface OutboundConfig {
  /** Time for a whole outbound request, redirects and body included. */
  timeoutMs: number;
  maxRedirects: number;
  /** Largest response body read. */
  maxResponseBytes: number;
  userAgent: string;
  /** Ranges reachable despite the built-in block (e.g. an internal push gateway). */
  ipRangeAllowlist: IpRangeAllowEntry[];
  /** Ranges never reached, on top of the built-in block. */
  ipRangeDenylist: string[];
  /** When non-empty, the only host names reachable (`example.org`, `*.example.org`). */
  hostAllowlist: string[];
  hostDenylist: string[];
}

export interface UrlPreviewConfig {
  enabled: boolean;
  /** Largest page read for a preview (its head is what matters). */
  maxHtmlBytes: number;
  /** How long a preview is reused, and the granularity `ts` is rounded to. */
  cacheTtlMs: number;
  cacheMaxEntries: number;
  /** Pages fetched at once per node (cache misses); past it a miss is 429. */
  maxConcurrentFetches: number;
  /** Lists that apply to previews only, on top of `outbound`'s. */
  ipRangeAllowlist: IpRangeAllowEntry[];
  ipRangeDenylist: string[];
  hostDenylist: string[];
}

export interface PushConfig {
  /** Deliver notifications to HTTP pushers at all (pushers are stored either way). */
  enabled: boolean;
  /** Time for one POST to a push gateway. */
  timeoutMs: number;
  /** Largest gateway answer read (it is `{"rejected": [...]}`). */
  maxResponseBytes: number;
  /** First wait after a failed delivery; each further failure doubles it... */
  initialBackoffMs: number;
  /** ...up to this. */
  maxBackoffMs: number;
  /** A notification still failing this long after its first failure is skipped (as Synapse does). */
  giveUpAfterMs: number;
  /** Users delivered to at once per node. */
  maxConcurrentUsers: number;
  /** How often each node looks for notifications nobody woke it for (after a restart, or another node's failure). */
  sweepIntervalMs: number;
  /** Ranges reachable by push only, on top of `outbound.ip_range_allowlist` (e.g. an internal gateway). */
  ipRangeAllowlist: IpRangeAllowEntry[];
  ipRangeDenylist: string[];
  hostDenylist: string[];
}

export interface MediaS3Config {
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, Ceph, Garage...); empty for AWS itself. */
  endpoint: string;
  /** Prefix of every object key, e.g. `parley/`. */
  prefix: string;
  /** Empty: the AWS SDK's default credential chain (environment, instance role...). */
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
}

export interface MediaConfig {
  /** `file` (under `path`), `s3` (shared by several nodes); `--ephemeral` always keeps media in memory. */
  store: 'file' | 's3';
  /** Folder of the file store; empty means `<data_dir>/media`. */
  path: string;
  /** Largest upload in bytes (advertised as `m.upload.size`). */
  maxUploadSize: number;
  /** Bytes one user may have uploaded in total; 0 for no quota. */
  userQuota: number;
  /** Asynchronous uploads (`/create`) one user may have waiting at once. */
  maxPendingUploads: number;
  /** How long a `/create`d media ID waits for its upload. */
  unusedExpiryMs: number;
  /** Media uploaded on or after this UTC date (YYYY-MM-DD) is not served by the unauthenticated legacy endpoints. */
  legacyFreezeDate: string;
  /** Images with more pixels than this are not thumbnailed (413 M_TOO_LARGE). */
  maxThumbnailPixels: number;
  s3: MediaS3Config;
}

export interface Config {
  serverName: string;
  publicBaseUrl: string;
  bindAddress: string;
  port: number;
  dataDir: string;
  /** null means SQLite in dataDir (or in memory with ephemeral). */
  databaseUrl: string | null;
  /** Redis URL carrying notifications between several nodes; null for a single node. */
  redisUrl: string | null;
  ephemeral: boolean;
  registration: RegistrationMode;
  registrationTokens: string[];
  /** Terms the user must accept at registration (m.login.terms), empty for none. */
  policies: Array<{ id: string; version: string; name: string; url: string }>;
  /** Room aliases or IDs the web client offers on its first-run screen (GET /_parley/client/v1/config). */
  suggestedRooms: string[];
  /** The web client (apps/web) served at `/`: see webClient/ and docs/web-client.md. */
  webClient: {
    enabled: boolean;
    /** Folder of the built client (index.html, assets/); empty means apps/web/dist beside this server's install (webClient/resolveWebClientDir.ts). */
    path: string;
  };
  maxBodyBytes: number;
  /** Connection limits: every connection is bounded in time, and in number per client address. */
  http: {
    /** Time to receive a request's headers, from the connection (or the request's first byte) on. */
    headersTimeoutMs: number;
    /** Time to receive a whole request, headers and body; a long-polling /sync has its whole request by then. */
    requestTimeoutMs: number;
    /** Idle time allowed between two requests on a kept-alive connection. */
    keepAliveTimeoutMs: number;
    /** Open connections allowed from one client address; 0 for no limit. */
    maxConnectionsPerIp: number;
  };
  accessTokenLifetimeMs: number | null;
  rateLimits: {
    enabled: boolean;
    login: RateLimitRule;
    register: RateLimitRule;
    send: RateLimitRule;
    join: RateLimitRule;
    createRoom: RateLimitRule;
    /** Invites sent, per inviting user. */
    invite: RateLimitRule;
    /** Invites received, per invited user (whoever sends them). */
    inviteReceived: RateLimitRule;
    /** URL previews asked for, per user. */
    previewUrl: RateLimitRule;
    /** Uploads and asynchronous upload IDs (/upload, /create), per user. */
    mediaUpload: RateLimitRule;
  };
  /** Every request Parley makes to the outside goes through one guarded client (outbound/GuardedHttpClient.ts). */
  outbound: OutboundConfig;
  /** URL previews (/_matrix/client/v1/media/preview_url), off by default. */
  urlPreview: UrlPreviewConfig;
  /** Undelivered to-device messages one user may have queued for one device (count, and characters of content). */
  toDevice: { maxPendingMessages: number; maxPendingBytes: number };
  /** Devices (sessions) one user may have at once; a login past it is refused. */
  maxDevicesPerUser: number;
  /** The media repository (media/): where files live, how large they may be, who may fetch them. */
  media: MediaConfig;
  /** Who /user_directory/search finds: by default only users sharing a room with the searcher or in a public room. */
  userDirectory: { searchAllUsers: boolean };
  /** Guest accounts (POST /register?kind=guest): off unless enabled; a guest may use only identity/guestEndpoints.ts. */
  guestAccess: { enabled: boolean };
  /** Presence (online, unavailable, offline and a status message), shown to users who share a room. */
  presence: {
    enabled: boolean;
    /** An online user with no activity (a /sync or a PUT) for this long reads as unavailable. */
    idleTimeoutMs: number;
    /** A user not seen (no /sync or PUT) for this long reads as offline. */
    offlineTimeoutMs: number;
  };
  /** Delivery of notifications to HTTP pushers' push gateways (push/PusherDelivery.ts). */
  push: PushConfig;
  /** TURN servers for VoIP (GET /voip/turnServer): coturn's REST credentials from a shared secret, or a static username and password. */
  turn: { uris: string[]; sharedSecret: string; userLifetimeMs: number; username: string; password: string };
  tls: { cert: string; key: string } | null;
  logLevel: string;
  /** argon2id memory cost in KiB; lowered only for test jobs. */
  passwordHashMemoryKib: number;
}

export const DEFAULT_CONFIG: Config = {
  serverName: 'localhost',
  publicBaseUrl: '',
  bindAddress: '127.0.0.1',
  port: 8008,
  dataDir: './data',
  databaseUrl: null,
  redisUrl: null,
  ephemeral: false,
  registration: 'open',
  registrationTokens: [],
  policies: [],
  suggestedRooms: [],
  webClient: { enabled: true, path: '' },
  maxBodyBytes: 1024 * 1024,
  http: { headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 72_000, maxConnectionsPerIp: 256 },
  accessTokenLifetimeMs: null,
  rateLimits: {
    enabled: true,
    login: { perSecond: 0.5, burst: 10 },
    register: { perSecond: 0.2, burst: 10 },
    send: { perSecond: 10, burst: 50 },
    join: { perSecond: 1, burst: 20 },
    createRoom: { perSecond: 0.5, burst: 10 },
    invite: { perSecond: 0.3, burst: 10 },
    inviteReceived: { perSecond: 0.003, burst: 5 },
    previewUrl: { perSecond: 1, burst: 10 },
    mediaUpload: { perSecond: 1, burst: 20 },
  },
  outbound: {
    timeoutMs: 10_000,
    maxRedirects: 5,
    maxResponseBytes: 10 * 1024 * 1024,
    userAgent: 'Parley (Matrix homeserver)',
    ipRangeAllowlist: [],
    ipRangeDenylist: [],
    hostAllowlist: [],
    hostDenylist: [],
  },
  urlPreview: {
    enabled: false,
    maxHtmlBytes: 1024 * 1024,
    cacheTtlMs: 3_600_000,
    cacheMaxEntries: 1000,
    maxConcurrentFetches: 16,
    ipRangeAllowlist: [],
    ipRangeDenylist: [],
    hostDenylist: [],
  },
  toDevice: { maxPendingMessages: 1000, maxPendingBytes: 4 * 1024 * 1024 },
  maxDevicesPerUser: 1000,
  media: {
    store: 'file',
    path: '',
    maxUploadSize: 50 * 1024 * 1024,
    userQuota: 0,
    maxPendingUploads: 10,
    unusedExpiryMs: 24 * 3_600_000,
    legacyFreezeDate: '2026-12-07',
    maxThumbnailPixels: 32_000_000,
    s3: { bucket: '', region: 'us-east-1', endpoint: '', prefix: '', accessKeyId: '', secretAccessKey: '', forcePathStyle: true },
  },
  userDirectory: { searchAllUsers: false },
  guestAccess: { enabled: false },
  presence: { enabled: true, idleTimeoutMs: 300_000, offlineTimeoutMs: 600_000 },
  push: {
    enabled: true,
    timeoutMs: 10_000,
    maxResponseBytes: 64 * 1024,
    initialBackoffMs: 1000,
    maxBackoffMs: 600_000,
    giveUpAfterMs: 86_400_000,
    maxConcurrentUsers: 16,
    sweepIntervalMs: 60_000,
    ipRangeAllowlist: [],
    ipRangeDenylist: [],
    hostDenylist: [],
  },
  turn: { uris: [], sharedSecret: '', userLifetimeMs: 86_400_000, username: '', password: '' },
  tls: null,
  logLevel: 'info',
  passwordHashMemoryKib: 19456,
};

/** Command-line options that override the file and the environment. */
export interface ConfigOverrides {
  configPath?: string;
  port?: number;
  dataDir?: string;
  ephemeral?: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * Reads parley.yaml (when present), then PARLEY_* environment variables,
 * then command-line overrides, in that order of precedence (last wins).
 */
export function loadConfig(overrides: ConfigOverrides = {}, env: Env = process.env): Config {
  const path = overrides.configPath ?? env.PARLEY_CONFIG ?? 'parley.yaml';
  let file: Record<string, unknown> = {};
  if (existsSync(path)) {
    const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
    if (parsed !== null && typeof parsed === 'object') file = parsed as Record<string, unknown>;
  } else if (overrides.configPath) {
    throw new Error(`config file not found: ${path}`);
  }
  return resolveConfig(file, env, overrides);
}

export function resolveConfig(file: Record<string, unknown>, env: Env = {}, overrides: ConfigOverrides = {}): Config {
  const c: Config = structuredClone(DEFAULT_CONFIG);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined);
  const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined);

  c.serverName = str(file.server_name) ?? c.serverName;
  c.publicBaseUrl = str(file.public_base_url) ?? c.publicBaseUrl;
  c.bindAddress = str(file.bind_address) ?? c.bindAddress;
  c.port = num(file.port) ?? c.port;
  c.dataDir = str(file.data_dir) ?? c.dataDir;
  c.databaseUrl = str(file.database_url) ?? c.databaseUrl;
  c.redisUrl = str(file.redis_url) ?? c.redisUrl;
  c.logLevel = str(file.log_level) ?? c.logLevel;
  c.maxBodyBytes = num(file.max_body_bytes) ?? c.maxBodyBytes;
  c.passwordHashMemoryKib = num(file.password_hash_memory_kib) ?? c.passwordHashMemoryKib;
  c.maxDevicesPerUser = num(file.max_devices_per_user) ?? c.maxDevicesPerUser;
  const lifetime = num(file.access_token_lifetime_ms);
  if (lifetime !== undefined) c.accessTokenLifetimeMs = lifetime > 0 ? lifetime : null;
  const http = file.http;
  if (http && typeof http === 'object') {
    const h = http as Record<string, unknown>;
    c.http.headersTimeoutMs = num(h.headers_timeout_ms) ?? c.http.headersTimeoutMs;
    c.http.requestTimeoutMs = num(h.request_timeout_ms) ?? c.http.requestTimeoutMs;
    c.http.keepAliveTimeoutMs = num(h.keep_alive_timeout_ms) ?? c.http.keepAliveTimeoutMs;
    c.http.maxConnectionsPerIp = num(h.max_connections_per_ip) ?? c.http.maxConnectionsPerIp;
  }
  const reg = file.registration;
  if (reg && typeof reg === 'object') {
    const r = reg as Record<string, unknown>;
    const mode = str(r.mode);
    if (mode === 'open' || mode === 'token' || mode === 'closed') c.registration = mode;
    if (Array.isArray(r.tokens)) c.registrationTokens = r.tokens.filter((t): t is string => typeof t === 'string');
  }
  if (Array.isArray(file.policies)) {
    c.policies = file.policies.flatMap((p) => {
      if (!p || typeof p !== 'object') return [];
      const o = p as Record<string, unknown>;
      const id = str(o.id),
        version = str(o.version),
        name = str(o.name),
        url = str(o.url);
      return id && version && name && url ? [{ id, version, name, url }] : [];
    });
  }
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  c.suggestedRooms = strings(file.suggested_rooms) ?? c.suggestedRooms;
  const wc = file.web_client;
  if (wc && typeof wc === 'object') {
    const w = wc as Record<string, unknown>;
    c.webClient.enabled = bool(w.enabled) ?? c.webClient.enabled;
    c.webClient.path = str(w.path) ?? c.webClient.path;
  }
  const rl = file.rate_limits;
  if (rl && typeof rl === 'object') {
    const r = rl as Record<string, unknown>;
    c.rateLimits.enabled = bool(r.enabled) ?? c.rateLimits.enabled;
    for (const key of ['login', 'register', 'send', 'join', 'createRoom', 'invite', 'inviteReceived', 'previewUrl', 'mediaUpload'] as const) {
      const snake = key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
      const rule = r[snake];
      if (rule && typeof rule === 'object') {
        const o = rule as Record<string, unknown>;
        c.rateLimits[key] = { perSecond: num(o.per_second) ?? c.rateLimits[key].perSecond, burst: num(o.burst) ?? c.rateLimits[key].burst };
      }
    }
  }
  const td = file.to_device;
  if (td && typeof td === 'object') {
    const t = td as Record<string, unknown>;
    c.toDevice = { maxPendingMessages: num(t.max_pending_messages) ?? c.toDevice.maxPendingMessages, maxPendingBytes: num(t.max_pending_bytes) ?? c.toDevice.maxPendingBytes };
  }
  // Allow-list entries stay as written (a range, or {cidr, port}); prepareServer parses them and refuses a bad one at start.
  const allowEntries = (v: unknown): IpRangeAllowEntry[] | undefined =>
    Array.isArray(v)
      ? v.flatMap((x): IpRangeAllowEntry[] => {
          if (typeof x === 'string') return [x];
          const o = x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {};
          const cidr = str(o.cidr);
          const port = num(o.port);
          return cidr ? [port !== undefined ? { cidr, port } : { cidr }] : [];
        })
      : undefined;
  const ob = file.outbound;
  if (ob && typeof ob === 'object') {
    const o = ob as Record<string, unknown>;
    c.outbound.timeoutMs = num(o.timeout_ms) ?? c.outbound.timeoutMs;
    c.outbound.maxRedirects = num(o.max_redirects) ?? c.outbound.maxRedirects;
    c.outbound.maxResponseBytes = num(o.max_response_bytes) ?? c.outbound.maxResponseBytes;
    c.outbound.userAgent = str(o.user_agent) ?? c.outbound.userAgent;
    c.outbound.ipRangeAllowlist = allowEntries(o.ip_range_allowlist) ?? c.outbound.ipRangeAllowlist;
    c.outbound.ipRangeDenylist = strings(o.ip_range_denylist) ?? c.outbound.ipRangeDenylist;
    c.outbound.hostAllowlist = strings(o.host_allowlist) ?? c.outbound.hostAllowlist;
    c.outbound.hostDenylist = strings(o.host_denylist) ?? c.outbound.hostDenylist;
  }
  const up = file.url_preview;
  if (up && typeof up === 'object') {
    const u = up as Record<string, unknown>;
    c.urlPreview.enabled = bool(u.enabled) ?? c.urlPreview.enabled;
    c.urlPreview.maxHtmlBytes = num(u.max_html_bytes) ?? c.urlPreview.maxHtmlBytes;
    c.urlPreview.cacheTtlMs = num(u.cache_ttl_ms) ?? c.urlPreview.cacheTtlMs;
    c.urlPreview.cacheMaxEntries = num(u.cache_max_entries) ?? c.urlPreview.cacheMaxEntries;
    c.urlPreview.maxConcurrentFetches = num(u.max_concurrent_fetches) ?? c.urlPreview.maxConcurrentFetches;
    c.urlPreview.ipRangeAllowlist = allowEntries(u.ip_range_allowlist) ?? c.urlPreview.ipRangeAllowlist;
    c.urlPreview.ipRangeDenylist = strings(u.ip_range_denylist) ?? c.urlPreview.ipRangeDenylist;
    c.urlPreview.hostDenylist = strings(u.host_denylist) ?? c.urlPreview.hostDenylist;
  }
  const pu = file.push;
  if (pu && typeof pu === 'object') {
    const p = pu as Record<string, unknown>;
    c.push.enabled = bool(p.enabled) ?? c.push.enabled;
    c.push.timeoutMs = num(p.timeout_ms) ?? c.push.timeoutMs;
    c.push.maxResponseBytes = num(p.max_response_bytes) ?? c.push.maxResponseBytes;
    c.push.initialBackoffMs = num(p.initial_backoff_ms) ?? c.push.initialBackoffMs;
    c.push.maxBackoffMs = num(p.max_backoff_ms) ?? c.push.maxBackoffMs;
    c.push.giveUpAfterMs = num(p.give_up_after_ms) ?? c.push.giveUpAfterMs;
    c.push.maxConcurrentUsers = num(p.max_concurrent_users) ?? c.push.maxConcurrentUsers;
    c.push.sweepIntervalMs = num(p.sweep_interval_ms) ?? c.push.sweepIntervalMs;
    c.push.ipRangeAllowlist = allowEntries(p.ip_range_allowlist) ?? c.push.ipRangeAllowlist;
    c.push.ipRangeDenylist = strings(p.ip_range_denylist) ?? c.push.ipRangeDenylist;
    c.push.hostDenylist = strings(p.host_denylist) ?? c.push.hostDenylist;
  }
  const md = file.media;
  if (md && typeof md === 'object') {
    const m = md as Record<string, unknown>;
    const store = str(m.store);
    if (store === 'file' || store === 's3') c.media.store = store;
    c.media.path = str(m.path) ?? c.media.path;
    c.media.maxUploadSize = num(m.max_upload_size) ?? c.media.maxUploadSize;
    c.media.userQuota = num(m.user_quota) ?? c.media.userQuota;
    c.media.maxPendingUploads = num(m.max_pending_uploads) ?? c.media.maxPendingUploads;
    c.media.unusedExpiryMs = num(m.unused_expiry_ms) ?? c.media.unusedExpiryMs;
    c.media.legacyFreezeDate = str(m.legacy_freeze_date) ?? c.media.legacyFreezeDate;
    c.media.maxThumbnailPixels = num(m.max_thumbnail_pixels) ?? c.media.maxThumbnailPixels;
    const s3 = m.s3;
    if (s3 && typeof s3 === 'object') {
      const o = s3 as Record<string, unknown>;
      const t = c.media.s3;
      t.bucket = str(o.bucket) ?? t.bucket;
      t.region = str(o.region) ?? t.region;
      t.endpoint = str(o.endpoint) ?? t.endpoint;
      t.prefix = str(o.prefix) ?? t.prefix;
      t.accessKeyId = str(o.access_key_id) ?? t.accessKeyId;
      t.secretAccessKey = str(o.secret_access_key) ?? t.secretAccessKey;
      t.forcePathStyle = bool(o.force_path_style) ?? t.forcePathStyle;
    }
  }
  const ud = file.user_directory;
  if (ud && typeof ud === 'object') c.userDirectory.searchAllUsers = bool((ud as Record<string, unknown>).search_all_users) ?? c.userDirectory.searchAllUsers;
  const ga = file.guest_access;
  if (ga && typeof ga === 'object') c.guestAccess.enabled = bool((ga as Record<string, unknown>).enabled) ?? c.guestAccess.enabled;
  const pr = file.presence;
  if (pr && typeof pr === 'object') {
    const p = pr as Record<string, unknown>;
    c.presence.enabled = bool(p.enabled) ?? c.presence.enabled;
    c.presence.idleTimeoutMs = num(p.idle_timeout_ms) ?? c.presence.idleTimeoutMs;
    c.presence.offlineTimeoutMs = num(p.offline_timeout_ms) ?? c.presence.offlineTimeoutMs;
  }
  const turn = file.turn;
  if (turn && typeof turn === 'object') {
    const t = turn as Record<string, unknown>;
    c.turn.uris = strings(t.uris) ?? c.turn.uris;
    c.turn.sharedSecret = str(t.shared_secret) ?? c.turn.sharedSecret;
    c.turn.userLifetimeMs = num(t.user_lifetime_ms) ?? c.turn.userLifetimeMs;
    c.turn.username = str(t.username) ?? c.turn.username;
    c.turn.password = str(t.password) ?? c.turn.password;
  }
  const tls = file.tls;
  if (tls && typeof tls === 'object') {
    const t = tls as Record<string, unknown>;
    const cert = str(t.cert),
      key = str(t.key);
    if (cert && key) c.tls = { cert, key };
  }

  c.serverName = env.PARLEY_SERVER_NAME ?? c.serverName;
  c.publicBaseUrl = env.PARLEY_PUBLIC_BASE_URL ?? c.publicBaseUrl;
  c.bindAddress = env.PARLEY_BIND_ADDRESS ?? c.bindAddress;
  c.port = num(env.PARLEY_PORT) ?? c.port;
  c.dataDir = env.PARLEY_DATA_DIR ?? c.dataDir;
  c.databaseUrl = env.PARLEY_DATABASE_URL ?? c.databaseUrl;
  c.redisUrl = env.PARLEY_REDIS_URL ?? c.redisUrl;
  c.logLevel = env.PARLEY_LOG_LEVEL ?? c.logLevel;
  c.rateLimits.enabled = bool(env.PARLEY_RATE_LIMITS_ENABLED) ?? c.rateLimits.enabled;
  c.presence.enabled = bool(env.PARLEY_PRESENCE_ENABLED) ?? c.presence.enabled;
  c.push.enabled = bool(env.PARLEY_PUSH_ENABLED) ?? c.push.enabled;
  c.turn.sharedSecret = env.PARLEY_TURN_SHARED_SECRET ?? c.turn.sharedSecret;
  c.http.maxConnectionsPerIp = num(env.PARLEY_MAX_CONNECTIONS_PER_IP) ?? c.http.maxConnectionsPerIp;
  c.media.s3.accessKeyId = env.PARLEY_MEDIA_S3_ACCESS_KEY_ID ?? c.media.s3.accessKeyId;
  c.media.s3.secretAccessKey = env.PARLEY_MEDIA_S3_SECRET_ACCESS_KEY ?? c.media.s3.secretAccessKey;
  const envReg = env.PARLEY_REGISTRATION;
  if (envReg === 'open' || envReg === 'token' || envReg === 'closed') c.registration = envReg;
  if (env.PARLEY_REGISTRATION_TOKENS) c.registrationTokens = env.PARLEY_REGISTRATION_TOKENS.split(',').filter(Boolean);

  if (overrides.port !== undefined) c.port = overrides.port;
  if (overrides.dataDir !== undefined) c.dataDir = overrides.dataDir;
  if (overrides.ephemeral) c.ephemeral = true;
  if (c.databaseUrl === '') c.databaseUrl = null;
  if (c.redisUrl === '') c.redisUrl = null;
  // Node refuses a header timeout longer than the request timeout.
  if (c.http.requestTimeoutMs > 0) c.http.headersTimeoutMs = Math.min(c.http.headersTimeoutMs, c.http.requestTimeoutMs);
  if (!c.publicBaseUrl) c.publicBaseUrl = `${c.tls ? 'https' : 'http'}://${c.serverName}${c.port === 80 || c.port === 443 ? '' : `:${c.port}`}`;
  return c;
}
