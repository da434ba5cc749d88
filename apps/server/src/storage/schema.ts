import type { Generated, Kysely, Transaction } from 'kysely';

/** Kysely's view of the tables; SQL names are snake_case. Integers that may pass 2^31 are bigint in SQL and number here. */
export interface Schema {
  server_keys: { key_id: string; seed: string; created_ts: number };
  stream_position: { id: number; position: number };
  users: {
    user_id: string;
    password_hash: string | null;
    is_admin: number;
    deactivated: number;
    /** A guest account (POST /register?kind=guest), 0 or 1. */
    is_guest: number;
    displayname: string | null;
    avatar_url: string | null;
    created_ts: number;
  };
  devices: { user_id: string; device_id: string; display_name: string | null; last_seen_ts: number | null; last_seen_ip: string | null; created_ts: number };
  access_tokens: {
    id: Generated<number>;
    token_hash: string;
    user_id: string;
    device_id: string;
    refresh_token_hash: string | null;
    expires_ts: number | null;
    created_ts: number;
    /** The token row this one was refreshed from, until this one is first used. */
    refreshed_from: number | null;
    /** Once this token's refresh token was used: the new pair, encrypted under that refresh token (actions/refreshSession.ts). */
    refresh_retry_box: string | null;
  };
  rooms: {
    room_id: string;
    room_version: string;
    creator: string;
    is_public: number;
    last_event_id: string | null;
    last_depth: number;
    created_ts: number;
  };
  events: {
    stream: number;
    event_id: string;
    room_id: string;
    type: string;
    state_key: string | null;
    sender: string;
    origin_server_ts: number;
    /** The PDU as JSON text (the redacted form once redacted). */
    json: string;
    /** JSON of the content this state event replaced, for unsigned.prev_content. */
    prev_content: string | null;
    redacted_by: string | null;
    txn_id: string | null;
    txn_device_id: string | null;
    /** For m.room.member events: the membership, denormalised for queries. */
    membership: string | null;
  };
  current_state: { room_id: string; type: string; state_key: string; event_id: string; stream: number };
  memberships: { room_id: string; user_id: string; membership: string; event_id: string; stream: number; forgotten: number };
  /** Idempotent sends: one row per (device, request path, txnId). An empty `endpoint` is a row from before 0005: any path. */
  event_txns: { user_id: string; device_id: string; txn_id: string; endpoint: string; room_id: string; target: string; event_id: string; created_ts: number };
  account_data: { user_id: string; room_id: string; type: string; content: string; stream: number };
  filters: { id: Generated<number>; user_id: string; filter_json: string };
  room_aliases: { alias: string; room_id: string; creator: string };
  device_keys: { user_id: string; device_id: string; key_json: string; stream: number };
  one_time_keys: { user_id: string; device_id: string; key_id: string; algorithm: string; key_json: string };
  fallback_keys: { user_id: string; device_id: string; algorithm: string; key_id: string; key_json: string; used: number };
  device_list_changes: { stream: number; user_id: string };
  to_device: { id: Generated<number>; user_id: string; device_id: string; stream: number; sender: string; type: string; content: string; txn_key: string | null };
  /** An empty `event_type` is a row from before 0005: any event type. */
  to_device_txns: { user_id: string; device_id: string; txn_id: string; event_type: string; created_ts: number };
  uia_sessions: { session_id: string; completed: string; params: string; created_ts: number; bound_to: string | null };
  receipts: { room_id: string; user_id: string; receipt_type: string; thread_id: string; event_id: string; ts: number; stream: number };
  /** The change feed's outbox: one row per write transaction, its changes as a JSON array. */
  stream_changes: { position: number; changes: string; created_ts: number };
  /** Rooms whose joined members everyone may find in the user directory (join_rule public or world_readable). */
  user_directory_public_rooms: { room_id: string };
  /** Public cross-signing keys, one per user and `key_type` (master, self_signing, user_signing); `key_id` is the public key. */
  cross_signing_keys: { user_id: string; key_type: string; key_id: string; key_json: string; stream: number };
  /** Signatures from /keys/signatures/upload: on a device (`target_key_id` = device ID) or a master key (its public key). */
  key_signatures: { target_user_id: string; target_key_id: string; signer_user_id: string; signer_key_id: string; signature: string; stream: number };
  /** Key backup versions; `etag` counts key changes; a deleted version keeps its row so its number is never reused. */
  room_key_backup_versions: { user_id: string; version: number; algorithm: string; auth_data: string; etag: number; deleted: number };
  /** Encrypted session keys of a backup version (the server cannot read `session_data`). */
  room_key_backups: {
    user_id: string;
    version: number;
    room_id: string;
    session_id: string;
    first_message_index: number;
    forwarded_count: number;
    is_verified: number;
    session_data: string;
  };
  /** A user's presence as set; the effective state is computed on read (presence/effectivePresence.ts). */
  presence: { user_id: string; presence: string; status_msg: string | null; last_active_ts: number; last_seen_ts: number; stream: number };
  /** Pushers (POST /pushers/set), tied to the device that set them; `data` is JSON. */
  pushers: {
    user_id: string;
    app_id: string;
    pushkey: string;
    device_id: string;
    kind: string;
    app_display_name: string;
    device_display_name: string;
    profile_tag: string | null;
    lang: string;
    data: string;
    created_ts: number;
  };
  /** Per HTTP pusher: the last push action its gateway acknowledged, the badge it was told, its back-off (0013). */
  pusher_cursors: {
    user_id: string;
    app_id: string;
    pushkey: string;
    pusher_created_ts: number;
    last_stream: number;
    badge: number | null;
    failures: number;
    failing_since: number | null;
    retry_at: number | null;
  };
  /** Which node delivers a user's push notifications, until when (0013). */
  pusher_leases: { user_id: string; node: string; expires_ts: number };
  /** OpenID tokens (POST /user/{userId}/openid/request_token), hashed, until they expire. */
  openid_tokens: { token_hash: string; user_id: string; expires_ts: number };
  /** One row per media ID; `sha256` (the stored content) is null while an asynchronous upload waits for its bytes. */
  media: {
    media_id: string;
    user_id: string;
    content_type: string | null;
    upload_name: string | null;
    size: number | null;
    sha256: string | null;
    created_ts: number;
    uploaded_ts: number | null;
    unused_expires_ts: number | null;
  };
  /** Thumbnails of a stored content (by its hash), each stored by its own hash. */
  media_thumbnails: { sha256: string; width: number; height: number; method: string; content_type: string; thumbnail_sha256: string; size: number };
  /** One row per event that relates to another (migration 0011); `honoured` 0 for an invalid edit. */
  event_relations: {
    event_id: string;
    room_id: string;
    relates_to: string;
    rel_type: string;
    type: string;
    sender: string;
    aggregation_key: string | null;
    origin_server_ts: number;
    stream: number;
    honoured: number;
  };
  /** What a user's push rules decided for an event that notifies or highlights them; `actions` is JSON. */
  event_push_actions: {
    user_id: string;
    room_id: string;
    event_id: string;
    stream_ordering: number;
    /** 'main' or the thread root's event ID. */
    thread_id: string;
    notify: number;
    highlight: number;
    actions: string;
    ts: number;
    /** The position of the commit that wrote the row (after the event's own). */
    written_stream: number;
  };
  /** A user's own push rules (`rule_json`), and their changes to the server's defaults (`rule_json` null). */
  push_rules: { user_id: string; kind: string; rule_id: string; ordinal: number; rule_json: string | null; enabled: number | null; actions: string | null };
  /** One row (id 1): the stream position up to which events were evaluated for push. */
  push_evaluation_position: { id: number; position: number };
  /** Unread counts per user, room and thread (migration 0016): `stream` is where they last moved. */
  push_counts: { user_id: string; room_id: string; thread_id: string; notification_count: number; highlight_count: number; stream: number };
}

export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;
export type Dialect = 'sqlite' | 'postgres';
