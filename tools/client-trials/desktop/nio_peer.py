#!/usr/bin/python3
"""An E2EE-capable 'other user' for GUI client checks (matrix-nio + olm).

Usage: /usr/bin/python3 nio_peer.py BASE USER PASSWORD SECONDS [OUTFILE]
Logs in (new device, uploads device + one-time keys), then for SECONDS: accepts every invite,
prints every message it sees (decrypted if it can; '<UNDECRYPTABLE ...>' if not), and answers a
message whose body contains 'ping' with 'pong: <body>' (encrypted when the room is encrypted).
Lines go to stdout and OUTFILE (flushed), e.g. 'MSG !room @sender: body' / 'UNDECRYPTABLE ...'.
"""
import asyncio
import os
import sys
import tempfile
import time

from nio import (AsyncClient, AsyncClientConfig, InviteMemberEvent, MegolmEvent,
                 RoomMessageText, RoomEncryptionEvent, ToDeviceEvent)

BASE, USER, PW, SECS = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
OUT = open(sys.argv[5], "a") if len(sys.argv) > 5 else None


def log(s):
    line = f"{time.strftime('%H:%M:%S')} {s}"
    print(line, flush=True)
    if OUT:
        OUT.write(line + "\n"); OUT.flush()


async def main():
    store = tempfile.mkdtemp(prefix="nio-peer-")
    c = AsyncClient(BASE, USER, store_path=store,
                    config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False))
    r = await c.login(PW, device_name="nio-peer")
    log(f"LOGIN {r.__class__.__name__} {getattr(c, 'device_id', '')}")
    if c.should_upload_keys:
        log(f"KEYS_UPLOAD {(await c.keys_upload()).__class__.__name__}")
    replied = set()
    pending = []  # megolm events whose room key had not arrived yet (key often arrives a sync later)

    async def on_msg(room, ev):
        if isinstance(ev, MegolmEvent):
            log(f"UNDECRYPTABLE(for now) {room.room_id} {ev.sender} session={ev.session_id}")
            pending.append((room, ev))
            return
        log(f"MSG {room.room_id} {'E2EE' if ev.decrypted else 'plain'} {ev.sender}: {ev.body}")
        if "ping" in ev.body and ev.sender != c.user_id and ev.event_id not in replied:
            replied.add(ev.event_id)
            if c.should_query_keys:
                await c.keys_query()
            rr = await c.room_send(room.room_id, "m.room.message",
                                   {"msgtype": "m.text", "body": f"pong: {ev.body}"},
                                   ignore_unverified_devices=True)
            log(f"REPLY {rr.__class__.__name__} {getattr(rr, 'status_code', '')} {getattr(rr, 'message', '')}")

    async def on_invite(room, ev):
        if ev.state_key == c.user_id and ev.membership == "invite":
            jr = await c.join(room.room_id)
            log(f"JOIN {room.room_id} {jr.__class__.__name__}")

    async def on_enc(room, ev):
        log(f"ENCRYPTION_ENABLED {room.room_id} {ev.algorithm if hasattr(ev, 'algorithm') else ''}")

    c.add_event_callback(on_msg, (RoomMessageText, MegolmEvent))
    c.add_event_callback(on_invite, InviteMemberEvent)
    c.add_event_callback(on_enc, RoomEncryptionEvent)

    async def on_todevice(ev):
        log(f"TO_DEVICE {type(ev).__name__} from {ev.sender}")
    c.add_to_device_callback(on_todevice, ToDeviceEvent)
    end = time.time() + SECS
    while time.time() < end:
        s = await c.sync(timeout=2000)
        if hasattr(s, "status_code"):
            log(f"SYNC_ERROR {s.status_code} {s.message}")
            await asyncio.sleep(1)
        if c.should_query_keys:
            await c.keys_query()
        for room, ev in list(pending):
            try:
                dec = c.decrypt_event(ev)
            except Exception:
                continue
            if isinstance(dec, RoomMessageText):
                pending.remove((room, ev))
                log("LATE_DECRYPT ok")
                await on_msg(room, dec)
    for room, ev in pending:
        log(f"UNDECRYPTABLE(final) {room.room_id} {ev.sender} session={ev.session_id}")
    await c.close()
    log("DONE")


asyncio.run(main())
