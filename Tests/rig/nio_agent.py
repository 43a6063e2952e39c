#!/usr/bin/env python3
"""A real Matrix user for the end-to-end tests: matrix-nio driven by JSON lines on stdin.

Each request is one line `{"id": N, "cmd": NAME, ...args}`; each answer one line
`{"id": N, "ok": true, "result": ...}` or `{"id": N, "ok": false, "error": "..."}`.
The agent exits when stdin closes, so a dead test process never leaves it behind.

Commands: login, sync, join, leave, send, invites, wait_invite, wait_event, messages, state,
create_room, invite, redact, upload, set_state, wait_receipt.
"""
import asyncio
import base64
import io
import json
import sys
import time

import aiohttp
from nio import AsyncClient, InviteMemberEvent, JoinError, RoomMessagesError, RoomSendError


class Agent:
    def __init__(self):
        self.client = None
        self.events = []          # every timeline event seen, as (room_id, source dict)
        self.invites = {}         # room_id -> inviter
        self.next_batch = None
        self.receipts = set()     # (room_id, event_id, user_id) of every read receipt seen

    async def login(self, homeserver, username, password, register=True):
        self.client = AsyncClient(homeserver, f"@{username}:localhost")
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
        await self.sync(0)
        return {"user_id": self.client.user_id, "device_id": self.client.device_id}

    async def sync(self, timeout_ms=0):
        response = await self.client.sync(timeout=timeout_ms, since=self.next_batch, full_state=False)
        if not hasattr(response, "next_batch"):
            raise RuntimeError(f"sync failed: {response}")
        self.next_batch = response.next_batch
        for room_id, room in response.rooms.join.items():
            for event in room.timeline.events:
                self.events.append((room_id, event.source))
            for event in room.ephemeral:
                for receipt in getattr(event, "receipts", []):
                    self.receipts.add((room_id, receipt.event_id, receipt.user_id))
        for room_id, room in response.rooms.invite.items():
            for event in room.invite_state:
                if isinstance(event, InviteMemberEvent) and event.state_key == self.client.user_id:
                    self.invites[room_id] = event.sender
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
        return [event.source for event in reversed(response.chunk)]

    async def state(self, room):
        response = await self.client.room_get_state(room)
        return getattr(response, "events", [])

    async def create_room(self, name=None, invite=(), is_direct=False):
        response = await self.client.room_create(name=name, invite=list(invite), is_direct=is_direct)
        if not getattr(response, "room_id", None):
            raise RuntimeError(f"create_room failed: {response}")
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

    async def dispatch(self, request):
        cmd = request.pop("cmd")
        request.pop("id", None)
        handlers = {
            "login": self.login, "sync": self.sync, "join": self.join, "leave": self.leave,
            "send": self.send, "invites": self.invites_list, "wait_invite": self.wait_invite,
            "wait_event": self.wait_event, "messages": self.messages, "state": self.state,
            "create_room": self.create_room, "invite": self.invite, "redact": self.redact,
            "upload": self.upload, "set_state": self.set_state, "wait_receipt": self.wait_receipt,
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


if __name__ == "__main__":
    asyncio.run(main())
