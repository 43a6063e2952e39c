#!/usr/bin/env python3
"""A real Matrix user for the end-to-end tests: matrix-nio driven by JSON lines on stdin.

Each request is one line `{"id": N, "cmd": NAME, ...args}`; each answer one line
`{"id": N, "ok": true, "result": ...}` or `{"id": N, "ok": false, "error": "..."}`.
The agent exits when stdin closes, so a dead test process never leaves it behind.

Commands: login, sync, join, leave, send, invites, wait_invite, wait_event, messages, state,
create_room, invite, redact, upload, set_state, wait_receipt, upload_encrypted, download,
download_decrypted, encryption_info.

End-to-end encryption: `login` with `"encryption": true` keeps an Olm account in a store
directory (`store_path`, or a temporary one removed at exit) and, after every sync, uploads,
queries and claims keys as nio needs, and trusts every device it sees so room keys go to
unverified devices too (a bridge's appservice device is never verified). Events nio decrypted
are recorded with their cleartext type and content and `"decrypted": true`; encrypted events it
could not decrypt with `"undecryptable": true` and their `session_id` (and are decrypted again,
recorded as a new event, once their room key arrives).
"""
import asyncio
import base64
import io
import json
import shutil
import sys
import tempfile
import time

import aiohttp
from nio import (AsyncClient, AsyncClientConfig, DownloadError, ErrorResponse, InviteMemberEvent, JoinError,
                 MegolmEvent, RoomMessagesError, RoomSendError)
from nio.crypto.attachments import decrypt_attachment, encrypt_attachment
from nio.exceptions import EncryptionError

MEGOLM = "m.megolm.v1.aes-sha2"


class Agent:
    def __init__(self):
        self.client = None
        self.events = []          # every timeline event seen, as (room_id, source dict)
        self.invites = {}         # room_id -> inviter
        self.next_batch = None
        self.receipts = set()     # (room_id, event_id, user_id) of every read receipt seen
        self.undecrypted = []     # (room_id, MegolmEvent) recorded as undecryptable, retried after syncs
        self.temporary_store = None

    async def login(self, homeserver, username, password, register=True, encryption=False,
                    device_id=None, store_path=None):
        user_id = f"@{username}:localhost"
        if encryption:
            if store_path is None:
                store_path = self.temporary_store = tempfile.mkdtemp(prefix="nio-agent-store-")
            config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True)
            self.client = AsyncClient(homeserver, user_id, device_id=device_id or "", store_path=store_path,
                                      config=config)
        else:
            config = AsyncClientConfig(encryption_enabled=False)
            self.client = AsyncClient(homeserver, user_id, device_id=device_id or "", config=config)
        if register:
            async with aiohttp.ClientSession() as session:
                body = {"username": username, "password": password, "auth": {"type": "m.login.dummy"}}
                async with session.post(f"{homeserver}/_matrix/client/v3/register", json=body) as r:
                    data = await r.json()
                    if r.status != 200 and data.get("errcode") != "M_USER_IN_USE":
                        raise RuntimeError(f"register failed: {r.status} {data}")
        response = await self.client.login(password, device_name="nio-agent")
        if not getattr(response, "access_token", None):
            raise RuntimeError(f"login failed: {response}")
        if encryption and self.client.olm is None:
            raise RuntimeError("login: nio has no Olm machine (is vodozemac installed?)")
        await self.crypto_housekeeping()
        await self.sync(0)
        return {"user_id": self.client.user_id, "device_id": self.client.device_id, "encryption": bool(encryption)}

    async def crypto_housekeeping(self):
        """What nio's sync_forever does between syncs, plus trusting every device seen."""
        client = self.client
        if client.olm is None:
            return
        if client.should_upload_keys:
            self.check(await client.keys_upload(), "keys_upload")
        if client.should_query_keys:
            self.check(await client.keys_query(), "keys_query")
        if client.should_claim_keys:
            self.check(await client.keys_claim(client.get_users_for_key_claiming()), "keys_claim")
        await client.send_to_device_messages()
        for device in list(client.device_store):
            if (device.user_id, device.id) == (client.user_id, client.device_id):
                continue
            if not device.deleted and not client.olm.is_device_verified(device):
                client.verify_device(device)

    @staticmethod
    def check(response, what):
        if isinstance(response, ErrorResponse):
            raise RuntimeError(f"{what} failed: {response}")
        return response

    def record(self, room_id, event, retry=False):
        """The JSON an event is recorded as: cleartext for decrypted events, marked either way.

        With `retry`, an undecryptable event is kept to be decrypted again after later syncs."""
        source = dict(event.source)
        if isinstance(event, MegolmEvent):
            source["undecryptable"] = True
            source["session_id"] = event.session_id
            if retry:
                self.undecrypted.append((room_id, event))
        elif getattr(event, "decrypted", False):
            source["decrypted"] = True
            source["verified"] = bool(getattr(event, "verified", False))
            source["session_id"] = getattr(event, "session_id", None)
            source.setdefault("room_id", room_id)
        return source

    def retry_undecrypted(self):
        """Decrypts events that arrived before their room key; each success is recorded anew."""
        pending, self.undecrypted = self.undecrypted, []
        for room_id, event in pending:
            try:
                decrypted = self.client.decrypt_event(event)
            except EncryptionError:
                self.undecrypted.append((room_id, event))
                continue
            self.events.append((room_id, self.record(room_id, decrypted)))

    async def sync(self, timeout_ms=0):
        response = await self.client.sync(timeout=timeout_ms, since=self.next_batch, full_state=False)
        if not hasattr(response, "next_batch"):
            raise RuntimeError(f"sync failed: {response}")
        self.next_batch = response.next_batch
        if self.client.olm is not None and self.undecrypted:
            self.retry_undecrypted()
        for room_id, room in response.rooms.join.items():
            for event in room.timeline.events:
                self.events.append((room_id, self.record(room_id, event, retry=True)))
            for event in room.ephemeral:
                for receipt in getattr(event, "receipts", []):
                    self.receipts.add((room_id, receipt.event_id, receipt.user_id))
        for room_id, room in response.rooms.invite.items():
            for event in room.invite_state:
                if isinstance(event, InviteMemberEvent) and event.state_key == self.client.user_id:
                    self.invites[room_id] = event.sender
        await self.crypto_housekeeping()
        return len(self.events)

    async def join(self, room):
        response = await self.client.join(room)
        if isinstance(response, JoinError):
            raise RuntimeError(f"join failed: {response.message}")
        self.invites.pop(response.room_id, None)
        return response.room_id

    async def leave(self, room):
        await self.client.room_leave(room)
        return True

    async def send(self, room, content, type="m.room.message"):
        if self.client.olm is not None:
            # nio encrypts only for rooms it knows (from sync) to be encrypted, and shares the
            # Megolm session with the devices it knows: catch up on room state and keys first.
            await self.sync(0)
            known = self.client.rooms.get(room)
            if known is not None and known.encrypted and self.client.olm.should_share_group_session(room):
                if not known.members_synced:
                    self.check(await self.client.joined_members(room), "joined_members")
                    await self.crypto_housekeeping()
                self.check(await self.client.share_group_session(room, ignore_unverified_devices=True),
                           "share_group_session")
        response = await self.client.room_send(room, type, content, ignore_unverified_devices=True)
        if isinstance(response, RoomSendError):
            raise RuntimeError(f"send failed: {response.message}")
        return response.event_id

    async def invites_list(self):
        await self.sync(0)
        return self.invites

    async def wait_invite(self, inviter=None, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for room_id, sender in self.invites.items():
                if inviter is None or sender == inviter:
                    return room_id
            await self.sync(1000)
        raise RuntimeError(f"no invite from {inviter} within {timeout}s")

    async def wait_event(self, room=None, type=None, sender=None, body=None, after=0, timeout=20):
        """Waits for a timeline event matching every given field; `after` skips events seen before."""
        deadline = time.time() + timeout
        index = after
        while True:
            while index < len(self.events):
                room_id, source = self.events[index]
                index += 1
                content = source.get("content", {})
                if room is not None and room_id != room:
                    continue
                if type is not None and source.get("type") != type:
                    continue
                if sender is not None and source.get("sender") != sender:
                    continue
                if body is not None and body not in str(content.get("body", "")):
                    continue
                return {"room_id": room_id, "event": source, "index": index}
            if time.time() >= deadline:
                raise RuntimeError(f"no matching event within {timeout}s")
            await self.sync(1000)

    async def wait_receipt(self, room, event_id, user, timeout=20):
        """Waits until `user` sent a read receipt for `event_id` in `room`."""
        deadline = time.time() + timeout
        while (room, event_id, user) not in self.receipts:
            if time.time() >= deadline:
                raise RuntimeError(f"no receipt from {user} for {event_id} within {timeout}s")
            await self.sync(1000)
        return True

    async def messages(self, room, limit=100):
        response = await self.client.room_messages(room, start="", limit=limit, direction="b")
        if isinstance(response, RoomMessagesError):
            raise RuntimeError(f"messages failed: {response.message}")
        return [self.record(room, event) for event in reversed(response.chunk)]

    async def state(self, room):
        response = await self.client.room_get_state(room)
        return getattr(response, "events", [])

    async def create_room(self, name=None, invite=(), is_direct=False, encrypted=False):
        initial_state = []
        if encrypted:
            initial_state.append({"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}})
        response = await self.client.room_create(name=name, invite=list(invite), is_direct=is_direct,
                                                 initial_state=initial_state)
        if not getattr(response, "room_id", None):
            raise RuntimeError(f"create_room failed: {response}")
        if encrypted:
            await self.sync(0)
        return response.room_id

    async def invite(self, room, user):
        response = await self.client.room_invite(room, user)
        if getattr(response, "status_code", None):
            raise RuntimeError(f"invite failed: {response}")
        return True

    async def set_state(self, room, type, content, state_key=""):
        response = await self.client.room_put_state(room, type, content, state_key=state_key)
        if not getattr(response, "event_id", None):
            raise RuntimeError(f"set_state failed: {response}")
        return response.event_id

    async def redact(self, room, event_id, reason=None):
        response = await self.client.room_redact(room, event_id, reason=reason)
        if not getattr(response, "event_id", None):
            raise RuntimeError(f"redact failed: {response}")
        return response.event_id

    async def upload(self, data, content_type, filename):
        payload = base64.b64decode(data)
        response, _ = await self.client.upload(io.BytesIO(payload), content_type=content_type,
                                               filename=filename, filesize=len(payload))
        if not getattr(response, "content_uri", None):
            raise RuntimeError(f"upload failed: {response}")
        return response.content_uri

    async def upload_encrypted(self, data, content_type="application/octet-stream", filename="file"):
        """Encrypts the bytes as an attachment, uploads the ciphertext; returns the mxc and EncryptedFile."""
        ciphertext, keys = encrypt_attachment(base64.b64decode(data))
        url = await self.upload(base64.b64encode(ciphertext).decode(), "application/octet-stream", filename)
        return {"url": url, "file": {"url": url, **keys}, "content_type": content_type}

    async def download(self, url):
        """Downloads an mxc URI (authenticated media); returns the bytes base64-encoded."""
        response = await self.client.download(mxc=url)
        if isinstance(response, DownloadError) or not hasattr(response, "body"):
            raise RuntimeError(f"download failed: {response}")
        return base64.b64encode(response.body).decode()

    async def download_decrypted(self, file, url=None):
        """Downloads `url` (default `file.url`) and decrypts it with the EncryptedFile `file`."""
        ciphertext = base64.b64decode(await self.download(url or file["url"]))
        plaintext = decrypt_attachment(ciphertext, file["key"]["k"], file["hashes"]["sha256"], file["iv"])
        return base64.b64encode(plaintext).decode()

    async def encryption_info(self):
        olm = self.client.olm
        if olm is None:
            return {"enabled": False, "user_id": self.client.user_id, "device_id": self.client.device_id}
        keys = olm.account.identity_keys
        return {"enabled": True, "user_id": self.client.user_id, "device_id": self.client.device_id,
                "ed25519": keys["ed25519"], "curve25519": keys["curve25519"]}

    async def dispatch(self, request):
        cmd = request.pop("cmd")
        request.pop("id", None)
        handlers = {
            "login": self.login, "sync": self.sync, "join": self.join, "leave": self.leave,
            "send": self.send, "invites": self.invites_list, "wait_invite": self.wait_invite,
            "wait_event": self.wait_event, "messages": self.messages, "state": self.state,
            "create_room": self.create_room, "invite": self.invite, "redact": self.redact,
            "upload": self.upload, "set_state": self.set_state, "wait_receipt": self.wait_receipt,
            "upload_encrypted": self.upload_encrypted, "download": self.download,
            "download_decrypted": self.download_decrypted, "encryption_info": self.encryption_info,
        }
        if cmd not in handlers:
            raise RuntimeError(f"unknown command {cmd}")
        return await handlers[cmd](**request)


async def main():
    agent = Agent()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        request = json.loads(line)
        request_id = request.get("id")
        try:
            result = await agent.dispatch(request)
            answer = {"id": request_id, "ok": True, "result": result}
        except Exception as error:  # every failure goes back to the test as text
            answer = {"id": request_id, "ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    if agent.client is not None:
        await agent.client.close()
    if agent.temporary_store is not None:
        shutil.rmtree(agent.temporary_store, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
