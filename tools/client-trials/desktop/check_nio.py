#!/usr/bin/python3
"""matrix-nio walkthrough against a Matrix homeserver (Parley).

Usage:  /usr/bin/python3 check_nio.py [BASE_URL]      (default http://localhost:8448)
Output: one line per step, PASS/FAIL, with HTTP status and errcode on failure;
        a summary at the end. Exit code 0 if every step passed, 1 otherwise.
Uses Debian's python3-matrix-nio (+ python3-olm for the encrypted-room steps).
"""
import asyncio
import os
import sys
import tempfile
import time
import traceback

import aiohttp
from nio import (AsyncClient, AsyncClientConfig, ErrorResponse, MegolmEvent,
                 RoomMessageText, RoomVisibility)

BASE = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BASE_URL", "http://localhost:8448")
RUN = str(int(time.time()))[-6:]
PASSWORD = "correct horse battery staple"
results = []


def record(name, ok, detail=""):
    results.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  -- {detail}" if detail else ""), flush=True)


def describe(resp):
    """HTTP status + errcode + message of an nio response."""
    st = getattr(getattr(resp, "transport_response", None), "status", "?")
    return f"HTTP {st} {getattr(resp, 'status_code', '')} {getattr(resp, 'message', '')}".strip()


async def step(name, coro):
    try:
        resp = await coro
    except Exception as e:  # noqa: BLE001
        record(name, False, f"exception {type(e).__name__}: {e}")
        return None
    r = resp[0] if isinstance(resp, tuple) else resp
    if isinstance(r, ErrorResponse):
        record(name, False, describe(r))
        return None
    record(name, True)
    return resp


async def raw(client, method, path, body=None):
    """Plain HTTP with the client's token, for endpoints nio 0.20 doesn't wrap."""
    async with aiohttp.ClientSession() as s:
        async with s.request(method, BASE + path, json=body,
                             headers={"Authorization": f"Bearer {client.access_token}"}) as r:
            txt = await r.text()
            return r.status, txt


async def raw_step(name, client, method, path, body=None, ok=(200,)):
    st, txt = await raw(client, method, path, body)
    record(name, st in ok, "" if st in ok else f"HTTP {st} {txt[:160]}")
    return st, txt


async def sync_until(client, pred, tries=6):
    """Sync repeatedly until pred(sync_response) returns a truthy value."""
    for _ in range(tries):
        r = await client.sync(timeout=3000, full_state=False)
        if isinstance(r, ErrorResponse):
            return None
        v = pred(r)
        if v:
            return v
    return None


def timeline_bodies(room_id):
    def pred(r):
        room = r.rooms.join.get(room_id)
        if not room:
            return None
        out = []
        for ev in room.timeline.events:
            if isinstance(ev, RoomMessageText):
                out.append(ev.body)
            elif isinstance(ev, MegolmEvent):
                out.append(f"<undecrypted megolm session={ev.session_id}>")
        return out or None
    return pred


def make_png(w, h):
    """A small RGB PNG, stdlib only."""
    import struct, zlib
    raw_rows = b"".join(b"\x00" + b"".join(bytes(((x * 4) % 256, (y * 5) % 256, 128)) for x in range(w)) for y in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw_rows)) + chunk(b"IEND", b"")


def canonical(o):
    import json
    return json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


async def cross_signing_and_backup(alice, bob):
    """nio 0.20 has no cross-signing or key-backup API: do what Element/nheko do, by hand, with python-olm's PkSigning."""
    import json
    import olm
    uid = alice.user_id
    keys = {n: olm.PkSigning(olm.PkSigning.generate_seed()) for n in ("master", "self_signing", "user_signing")}

    def key_obj(name, usage):
        pub = keys[name].public_key
        return {"user_id": uid, "usage": [usage], "keys": {f"ed25519:{pub}": pub}}

    def sign(obj, by):
        o = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
        sig = keys[by].sign(canonical(o))
        obj.setdefault("signatures", {}).setdefault(uid, {})[f"ed25519:{keys[by].public_key}"] = sig
        return obj

    master = key_obj("master", "master")
    ssk = sign(key_obj("self_signing", "self_signing"), "master")
    usk = sign(key_obj("user_signing", "user_signing"), "master")
    body = {"master_key": master, "self_signing_key": ssk, "user_signing_key": usk}
    st, txt = await raw(alice, "POST", "/_matrix/client/v3/keys/device_signing/upload", body)
    # first upload: 200 without auth is allowed (MSC3967, Synapse does it); a replacement needs UIA
    record("cross-signing: first device_signing/upload without auth -> 200 (MSC3967) or 401 UIA", st == 200 or (st == 401 and "flows" in txt), f"HTTP {st} {txt[:120]}")
    keys.update({n: olm.PkSigning(olm.PkSigning.generate_seed()) for n in ("master", "self_signing", "user_signing")})
    master = key_obj("master", "master")
    ssk = sign(key_obj("self_signing", "self_signing"), "master")
    usk = sign(key_obj("user_signing", "user_signing"), "master")
    body = {"master_key": master, "self_signing_key": ssk, "user_signing_key": usk}
    st, txt = await raw(alice, "POST", "/_matrix/client/v3/keys/device_signing/upload", body)
    record("cross-signing: replacing the keys without auth -> 401 with flows (UIA)", st == 401 and "flows" in txt, f"HTTP {st} {txt[:120]}")
    session = json.loads(txt).get("session") if st == 401 else None
    body["auth"] = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": uid}, "password": PASSWORD, "session": session}
    await raw_step("cross-signing: replace with password (UIA)", alice, "POST", "/_matrix/client/v3/keys/device_signing/upload", body)
    # sign our own device with the self-signing key
    st, txt = await raw(alice, "POST", "/_matrix/client/v3/keys/query", {"device_keys": {uid: []}})
    q = json.loads(txt)
    dev = q.get("device_keys", {}).get(uid, {}).get(alice.device_id)
    record("cross-signing: keys/query returns master + self_signing keys", bool(q.get("master_keys", {}).get(uid)) and bool(q.get("self_signing_keys", {}).get(uid)),
           f"master={bool(q.get('master_keys', {}).get(uid))} ssk={bool(q.get('self_signing_keys', {}).get(uid))}")
    record("cross-signing: keys/query returns user_signing key to its owner", bool(q.get("user_signing_keys", {}).get(uid)))
    if dev:
        dev = {k: v for k, v in dev.items() if k != "unsigned"}
        sign(dev, "self_signing")
        await raw_step("cross-signing: keys/signatures/upload (device signed by self-signing key)", alice, "POST",
                       "/_matrix/client/v3/keys/signatures/upload", {uid: {alice.device_id: dev}})
        st, txt = await raw(bob, "POST", "/_matrix/client/v3/keys/query", {"device_keys": {uid: []}})
        q = json.loads(txt)
        sigs = q.get("device_keys", {}).get(uid, {}).get(alice.device_id, {}).get("signatures", {}).get(uid, {})
        record("cross-signing: bob sees alice's device signed by her self-signing key",
               f"ed25519:{keys['self_signing'].public_key}" in sigs, repr(list(sigs))[:160])
        record("cross-signing: bob does not see alice's user-signing key", not q.get("user_signing_keys", {}).get(uid))
    # key backup
    st, txt = await raw(alice, "GET", "/_matrix/client/v3/room_keys/version")
    record("key backup: GET /v3/room_keys/version before any -> 404 M_NOT_FOUND", st == 404 and "M_NOT_FOUND" in txt, f"HTTP {st} {txt[:120]}")
    pk = olm.PkDecryption()
    auth_data = {"public_key": pk.public_key}
    auth_data["signatures"] = {uid: {f"ed25519:{keys['master'].public_key}": keys["master"].sign(canonical({"public_key": pk.public_key}))}}
    st, txt = await raw_step("key backup: POST /v3/room_keys/version", alice, "POST", "/_matrix/client/v3/room_keys/version",
                             {"algorithm": "m.megolm_backup.v1.curve25519-aes-sha2", "auth_data": auth_data})
    ver = json.loads(txt).get("version") if st == 200 else None
    st, txt = await raw_step("key backup: GET /v3/room_keys/version", alice, "GET", "/_matrix/client/v3/room_keys/version")
    record("key backup: version round-trips", ver is not None and f'"{ver}"' in txt, txt[:120])
    if ver:
        sess = {"first_message_index": 0, "forwarded_count": 0, "is_verified": False,
                "session_data": {"ephemeral": "e", "ciphertext": "c", "mac": "m"}}
        await raw_step("key backup: PUT /v3/room_keys/keys/{room}/{session}", alice, "PUT",
                       f"/_matrix/client/v3/room_keys/keys/!fake:localhost/sess1?version={ver}", sess)
        st, txt = await raw_step("key backup: GET /v3/room_keys/keys", alice, "GET", f"/_matrix/client/v3/room_keys/keys?version={ver}")
        record("key backup: stored session listed", "sess1" in txt, txt[:120])


async def main():
    store = tempfile.mkdtemp(prefix="nio-store-")
    cfg = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False)
    alice_name, bob_name = f"nioalice{RUN}", f"niobob{RUN}"
    alice = AsyncClient(BASE, alice_name, store_path=os.path.join(store, "a"), config=cfg)
    bob = AsyncClient(BASE, bob_name, store_path=os.path.join(store, "b"), config=cfg)
    os.makedirs(alice.store_path); os.makedirs(bob.store_path)
    print(f"# base={BASE} users={alice_name},{bob_name} nio store={store}")
    try:
        # --- accounts -------------------------------------------------------
        await step("register alice", alice.register(alice_name, PASSWORD, "nio-reg"))
        await step("register bob", bob.register(bob_name, PASSWORD, "nio-reg"))
        # log in afresh (new device) so login is tested too
        for c in (alice, bob):
            await c.close()
        alice = AsyncClient(BASE, f"@{alice_name}:localhost", store_path=os.path.join(store, "a"), config=cfg)
        bob = AsyncClient(BASE, f"@{bob_name}:localhost", store_path=os.path.join(store, "b"), config=cfg)
        la = await step("login alice (password)", alice.login(PASSWORD, device_name="nio-check"))
        lb = await step("login bob (password)", bob.login(PASSWORD, device_name="nio-check"))
        if not (la and lb):
            return
        print(f"# alice={alice.user_id}/{alice.device_id} bob={bob.user_id}/{bob.device_id}")
        await step("whoami", alice.whoami())
        await step("set_displayname", alice.set_displayname("Alice (nio)"))
        r = await step("get_displayname", alice.get_displayname(alice.user_id))
        if r:
            record("displayname round-trips", r.displayname == "Alice (nio)", repr(r.displayname))
        await step("set_presence online", alice.set_presence("online", "testing"))
        # before sharing a room, another user's presence is private: 403 M_FORBIDDEN, as Synapse answers
        r = await alice.get_presence(bob.user_id)
        record("get_presence (other user, no shared room) -> 403 M_FORBIDDEN (as Synapse)",
               isinstance(r, ErrorResponse) and getattr(r, "status_code", "") == "M_FORBIDDEN", describe(r) if isinstance(r, ErrorResponse) else "200")
        await step("devices", alice.devices())
        await step("initial sync alice", alice.sync(timeout=0, full_state=True))
        await step("initial sync bob", bob.sync(timeout=0, full_state=True))

        # --- plain room -----------------------------------------------------
        alias = f"niotest{RUN}"
        rc = await step("room_create (public, alias)", alice.room_create(
            visibility=RoomVisibility.public, alias=alias, name="nio test room", topic="made by check_nio.py"))
        if not rc:
            return
        room = rc.room_id
        await step("alice sync after create", alice.sync(timeout=0))  # nio needs the room in its state before room_send
        ra = await step("room_resolve_alias", bob.room_resolve_alias(f"#{alias}:localhost"))
        if ra:
            record("alias resolves to the room", ra.room_id == room, ra.room_id)
        await step("bob join by alias", bob.join(f"#{alias}:localhost"))
        await step("room_send text (alice)", alice.room_send(room, "m.room.message", {"msgtype": "m.text", "body": f"hello from alice {RUN}"}))
        got = await sync_until(bob, timeline_bodies(room))
        record("bob receives alice's message via sync", bool(got and f"hello from alice {RUN}" in got), repr(got))
        await step("room_send text (bob)", bob.room_send(room, "m.room.message", {"msgtype": "m.text", "body": f"reply from bob {RUN}"}))
        got = await sync_until(alice, timeline_bodies(room))
        record("alice receives bob's reply via sync", bool(got and f"reply from bob {RUN}" in got), repr(got))
        await step("room_typing", bob.room_typing(room, True, 5000))
        await step("room_messages (from=next_batch)", alice.room_messages(room, start=alice.next_batch, limit=20))
        # nio users often pass start="" ("from the end"); Synapse treats an empty from= as absent
        await step("room_messages (from= empty)", alice.room_messages(room, start="", limit=20))
        await step("room_get_state", alice.room_get_state(room))
        await step("joined_members", alice.joined_members(room))
        await step("room_put_state topic", alice.room_put_state(room, "m.room.topic", {"topic": "changed"}))

        # --- media ----------------------------------------------------------
        # nio 0.20 only knows /_matrix/media/r0 (legacy, unauthenticated downloads). Parley serves media
        # created on/after media.legacy_freeze_date (default: the day it shipped) only on the authenticated
        # /_matrix/client/v1/media endpoints, so with defaults nio's download() gets 404 M_NOT_FOUND.
        # NIO_LEGACY_MEDIA=served (server run with parley-legacy-media.yaml) expects the legacy download to work.
        legacy = os.environ.get("NIO_LEGACY_MEDIA", "frozen")
        payload = (f"parley media check {RUN}\n" * 50).encode()
        fn = os.path.join(store, "upload.txt")
        with open(fn, "wb") as f:
            f.write(payload)
        await step("media config (nio content_repository_config: GET /_matrix/media/r0/config)", alice.content_repository_config())
        await raw_step("media config (GET /_matrix/client/v1/media/config)", alice, "GET", "/_matrix/client/v1/media/config")
        with open(fn, "rb") as f:
            up = await step("upload (nio: POST /_matrix/media/r0/upload)", alice.upload(f, content_type="text/plain", filename="upload.txt", filesize=len(payload)))
        if up:
            mxc = up[0].content_uri
            print(f"# uploaded {mxc}")
            sn, mid = mxc[len("mxc://"):].split("/", 1)
            dl = await bob.download(mxc)
            if legacy == "served":
                ok = not isinstance(dl, ErrorResponse) and dl.body == payload
                record("legacy download (nio: GET /_matrix/media/r0/download) served, bytes match [freeze date later]", ok,
                       describe(dl) if isinstance(dl, ErrorResponse) else f"{len(dl.body)} bytes")
            else:
                ok = isinstance(dl, ErrorResponse) and getattr(dl, "status_code", "") == "M_NOT_FOUND"
                record("legacy download (nio: GET /_matrix/media/r0/download) -> 404 M_NOT_FOUND [frozen by default, as intended]", ok,
                       describe(dl) if isinstance(dl, ErrorResponse) else f"served {len(dl.body)} bytes")
            st, txt = await raw_step("authenticated download (GET /_matrix/client/v1/media/download, token)", bob, "GET", f"/_matrix/client/v1/media/download/{sn}/{mid}")
            if st == 200:
                record("authenticated download bytes match", txt.encode() == payload, f"{len(txt)} bytes")
            st, _ = await raw(bob, "GET", f"/_matrix/client/v1/media/download/{sn}/{mid}/renamed.txt")
            record("authenticated download with file name", st == 200, f"HTTP {st}")
            await step("room_send m.file", alice.room_send(room, "m.room.message", {"msgtype": "m.file", "body": "upload.txt", "url": mxc}))
        # an image, for thumbnails
        png = make_png(64, 48)
        pfn = os.path.join(store, "img.png")
        with open(pfn, "wb") as f:
            f.write(png)
        with open(pfn, "rb") as f:
            upi = await step("upload image (nio, image/png)", alice.upload(f, content_type="image/png", filename="img.png", filesize=len(png)))
        if upi:
            mxci = upi[0].content_uri
            sn, mid = mxci[len("mxc://"):].split("/", 1)
            th = await bob.thumbnail(sn, mid, 32, 32)
            # (nio 0.20 fails to parse the JSON error of a thumbnail: status_code None, "invalid content type"; use HTTP status)
            exp = "served" if legacy == "served" else "404"
            got = "served" if not isinstance(th, ErrorResponse) else str(getattr(getattr(th, "transport_response", None), "status", "?"))
            record(f"legacy thumbnail (nio: GET /_matrix/media/r0/thumbnail) -> {exp}", got == exp,
                   describe(th) if isinstance(th, ErrorResponse) else f"{getattr(th, 'content_type', '?')} {len(th.body)} bytes")
            async with aiohttp.ClientSession() as s:
                async with s.get(f"{BASE}/_matrix/client/v1/media/thumbnail/{sn}/{mid}?width=32&height=32&method=scale",
                                 headers={"Authorization": f"Bearer {bob.access_token}"}) as r:
                    b = await r.read()
                    record("authenticated thumbnail (GET /_matrix/client/v1/media/thumbnail)", r.status == 200 and b[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb"),
                           f"HTTP {r.status} {r.headers.get('content-type')} {len(b)} bytes")
            await step("room_send m.image", alice.room_send(room, "m.room.message", {"msgtype": "m.image", "body": "img.png", "url": mxci,
                                                                                     "info": {"mimetype": "image/png", "w": 64, "h": 48, "size": len(png)}}))
        st, _ = await raw(bob, "GET", "/_matrix/client/v1/media/download/localhost/doesnotexist")
        record("authenticated download of unknown media -> 404", st == 404, f"HTTP {st}")

        # --- presence, tags, pushers, openid, /events ------------------------
        await step("set_presence online + status", alice.set_presence("online", "testing presence"))
        r = await step("get_presence (own)", alice.get_presence(alice.user_id))
        if r:
            record("presence round-trips", r.presence == "online" and r.status_msg == "testing presence", f"{r.presence!r} {r.status_msg!r}")
        uid = alice.user_id
        await raw_step("tags: PUT u.test", alice, "PUT", f"/_matrix/client/v3/user/{uid}/rooms/{room}/tags/u.test", {"order": 0.5})
        await raw_step("tags: PUT m.favourite", alice, "PUT", f"/_matrix/client/v3/user/{uid}/rooms/{room}/tags/m.favourite", {})
        st, txt = await raw_step("tags: GET", alice, "GET", f"/_matrix/client/v3/user/{uid}/rooms/{room}/tags")
        record("tags: both listed", '"u.test"' in txt and '"m.favourite"' in txt, txt[:160])
        await raw_step("tags: DELETE u.test", alice, "DELETE", f"/_matrix/client/v3/user/{uid}/rooms/{room}/tags/u.test")
        got = await sync_until(alice, lambda r: [e for e in (r.rooms.join.get(room).account_data if r.rooms.join.get(room) else [])
                                                 if type(e).__name__ == "TagEvent"] or None, tries=3)
        record("tags arrive in /sync room account_data (nio TagEvent)", bool(got), repr(got and got[-1].tags))
        pusher = {"pushkey": f"nio-pushkey-{RUN}", "kind": "http", "app_id": "org.example.niocheck", "app_display_name": "nio check",
                  "device_display_name": "nio", "lang": "en", "data": {"url": "https://push.example.org/_matrix/push/v1/notify", "format": "event_id_only"}}
        await raw_step("pushers: POST /v3/pushers/set (http)", alice, "POST", "/_matrix/client/v3/pushers/set", pusher)
        st, txt = await raw_step("pushers: GET /v3/pushers", alice, "GET", "/_matrix/client/v3/pushers")
        record("pushers: ours listed", f"nio-pushkey-{RUN}" in txt, txt[:160])
        await raw_step("pushers: delete (kind null)", alice, "POST", "/_matrix/client/v3/pushers/set", dict(pusher, kind=None))
        st, txt = await raw(alice, "GET", "/_matrix/client/v3/pushers")
        record("pushers: gone after delete", st == 200 and f"nio-pushkey-{RUN}" not in txt, txt[:120])
        await step("openid token (nio get_openid_token)", alice.get_openid_token(alice.user_id))
        await raw_step("/events?room_id= (peeking; joined room)", alice, "GET", f"/_matrix/client/v3/events?room_id={room}&timeout=0")

        # --- encrypted room (olm/megolm) -------------------------------------
        try:
            import olm  # noqa: F401
            have_olm = True
        except Exception:
            have_olm = False
        record("python3-olm importable", have_olm)
        if have_olm:
            for c, n in ((alice, "alice"), (bob, "bob")):
                if c.should_upload_keys:
                    await step(f"keys_upload {n}", c.keys_upload())
            erc = await step("room_create encrypted (m.room.encryption initial_state)", alice.room_create(
                name="nio e2ee room", invite=[bob.user_id],
                initial_state=[{"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]))
            if erc:
                eroom = erc.room_id
                await sync_until(bob, lambda r: eroom in r.rooms.invite, tries=3)
                await step("bob join encrypted room (invite)", bob.join(eroom))
                await step("alice sync after bob joined", alice.sync(timeout=1000))
                await step("bob sync", bob.sync(timeout=1000))
                if alice.should_query_keys:
                    await step("keys_query alice", alice.keys_query())
                if bob.should_query_keys:
                    await step("keys_query bob", bob.keys_query())
                record("alice knows bob's device (keys/query)",
                       any(d.device_id == bob.device_id for d in alice.device_store.active_user_devices(bob.user_id)))
                secret = f"encrypted hello {RUN}"
                await step("room_send encrypted (keys_claim + to-device share + megolm)",
                           alice.room_send(eroom, "m.room.message", {"msgtype": "m.text", "body": secret}, ignore_unverified_devices=True))
                got = await sync_until(bob, timeline_bodies(eroom))
                record("bob decrypts alice's encrypted message", bool(got and secret in got), repr(got))
                # and back the other way
                if bob.should_query_keys:
                    await step("keys_query bob (2)", bob.keys_query())
                secret2 = f"encrypted reply {RUN}"
                await step("room_send encrypted (bob)", bob.room_send(eroom, "m.room.message", {"msgtype": "m.text", "body": secret2}, ignore_unverified_devices=True))
                got = await sync_until(alice, timeline_bodies(eroom))
                record("alice decrypts bob's encrypted reply", bool(got and secret2 in got), repr(got))
            await cross_signing_and_backup(alice, bob)

        # --- misc endpoints clients use -------------------------------------
        await raw_step("pushrules: GET /v3/pushrules/", alice, "GET", "/_matrix/client/v3/pushrules/")
        await raw_step("capabilities", alice, "GET", "/_matrix/client/v3/capabilities")
        await raw_step("turnServer: GET /v3/voip/turnServer", alice, "GET", "/_matrix/client/v3/voip/turnServer")
        await raw_step("public rooms", alice, "GET", "/_matrix/client/v3/publicRooms")
        await raw_step("user directory search", alice, "POST", "/_matrix/client/v3/user_directory/search", {"search_term": "nio"})
        await step("room_leave bob", bob.room_leave(room))
        await step("logout bob", bob.logout())
    except Exception:
        traceback.print_exc()
        record("script crashed", False, "see traceback")
    finally:
        await alice.close()
        await bob.close()


asyncio.run(main())
failed = [r for r in results if not r[1]]
print(f"\n# {len(results) - len(failed)} passed, {len(failed)} failed")
for n, _, d in failed:
    print(f"#   FAILED: {n}: {d}")
sys.exit(1 if failed else 0)
