#!/usr/bin/python3
"""Tiny Matrix CLI (stdlib only) used by the client checks to play 'the other user'.

  mx.py BASE register USER PASS          -> prints access token (registers with m.login.dummy)
  mx.py BASE login USER PASS             -> prints access token
  mx.py BASE create TOKEN ALIAS [NAME] [INVITE_MXID...]   -> prints room id (public room, alias #ALIAS)
  mx.py BASE create-e2ee TOKEN NAME [INVITE_MXID...]       -> prints room id (private, m.room.encryption)
  mx.py BASE join TOKEN ROOM_OR_ALIAS    -> prints room id
  mx.py BASE send TOKEN ROOM TEXT        -> prints event id
  mx.py BASE waitfor TOKEN ROOM TEXT [SECONDS]  -> exit 0 and prints 'sender: body' when a
                                            message containing TEXT appears in ROOM's timeline
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def need(res):
    st, j = res
    if st != 200:
        sys.exit(f"HTTP {st}: {j}")
    return j


def q(s):
    return urllib.parse.quote(s, safe="")


def main():
    base, cmd, *a = sys.argv[1:]
    if cmd == "register":
        j = need(call(base, "POST", "/_matrix/client/v3/register",
                      {"username": a[0], "password": a[1], "auth": {"type": "m.login.dummy"},
                       "initial_device_display_name": "mx.py"}))
        print(j["access_token"])
    elif cmd == "login":
        j = need(call(base, "POST", "/_matrix/client/v3/login",
                      {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": a[0]},
                       "password": a[1]}))
        print(j["access_token"])
    elif cmd == "create":
        body = {"preset": "public_chat", "visibility": "public", "room_alias_name": a[1],
                "name": a[2] if len(a) > 2 else a[1], "invite": a[3:]}
        print(need(call(base, "POST", "/_matrix/client/v3/createRoom", body, a[0]))["room_id"])
    elif cmd == "create-e2ee":
        body = {"preset": "private_chat", "name": a[1], "invite": a[2:],
                "initial_state": [{"type": "m.room.encryption", "state_key": "",
                                   "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]}
        print(need(call(base, "POST", "/_matrix/client/v3/createRoom", body, a[0]))["room_id"])
    elif cmd == "join":
        print(need(call(base, "POST", f"/_matrix/client/v3/join/{q(a[1])}", {}, a[0]))["room_id"])
    elif cmd == "send":
        txn = f"mx{time.time_ns()}"
        print(need(call(base, "PUT", f"/_matrix/client/v3/rooms/{q(a[1])}/send/m.room.message/{txn}",
                        {"msgtype": "m.text", "body": a[2]}, a[0]))["event_id"])
    elif cmd == "waitfor":
        tok, room, text = a[0], a[1], a[2]
        deadline = time.time() + float(a[3] if len(a) > 3 else 30)
        since = None
        while time.time() < deadline:
            path = "/_matrix/client/v3/sync?timeout=3000" + (f"&since={q(since)}" if since else "")
            j = need(call(base, "GET", path, token=tok))
            since = j.get("next_batch")
            for rid, r in j.get("rooms", {}).get("join", {}).items():
                if room not in (rid,) and not room.startswith("#"):
                    continue
                for ev in r.get("timeline", {}).get("events", []):
                    body = ev.get("content", {}).get("body", "")
                    if ev.get("type") == "m.room.message" and text in body:
                        print(f"{ev['sender']}: {body}")
                        return
        sys.exit(f"timed out waiting for {text!r} in {room}")
    else:
        sys.exit(__doc__)


main()
