#!/usr/bin/env python3
"""Runs the echo bridge against a throwaway Synapse so a newcomer can try it in one command.

Usage: echo_demo.py --bridge PATH [--script] [--dir DIR]

Writes everything under DIR (default .rig/demo; wiped at start): the bridge's config and registration (made by
the bridge's own -e and -g), a Synapse from the test rig with the registration installed, a demo
user @demo:localhost (password "demo"), and the running pontoon-echo. Without --script it prints how
to log in with any Matrix client and runs until Ctrl-C; with --script it plays a short conversation
through the bridge with matrix-nio, prints the transcript, and stops.
"""
import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import yaml
from nio import AsyncClient, InviteMemberEvent

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(ROOT, ".rig", "demo")  # replaced by --dir
BOT = "@echobot:localhost"
GHOST = "@echo_echo:localhost"
STEP_TIMEOUT = 30


def free_port():
    """A port below the kernel's ephemeral range (32768+), so no outgoing connection takes it meanwhile."""
    while True:
        port = random.randint(20000, 32767)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue


def make_bridge_files(bridge, synapse_port, bridge_port):
    """The admin steps: -e for an example config, a few edits, -g for the registration."""
    config = os.path.join(DEMO, "config.yaml")
    registration = os.path.join(DEMO, "registration.yaml")
    subprocess.run([bridge, "-e", "-c", config], check=True, stdout=subprocess.DEVNULL)
    with open(config) as f:
        data = yaml.safe_load(f)
    data["homeserver"].update(address=f"http://127.0.0.1:{synapse_port}", domain="localhost")
    data["appservice"].update(address=f"http://127.0.0.1:{bridge_port}", port=bridge_port)
    data["database"]["uri"] = os.path.join(DEMO, "bridge.db")
    # The demo user may do everything, relays included.
    data["bridge"]["permissions"] = {"*": "admin"}
    data["bridge"]["relay"]["enabled"] = True
    data["network"]["state_path"] = os.path.join(DEMO, "echo-remote.jsonl")
    data["logging"]["level"] = "warning"
    with open(config, "w") as f:
        yaml.safe_dump(data, f, sort_keys=False)
    os.chmod(config, 0o600)
    subprocess.run([bridge, "-g", "-c", config, "-r", registration], check=True, stdout=subprocess.DEVNULL)
    return config, registration


def start_synapse(port, registration):
    launcher = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "Tests", "rig", "synapse_rig.py"), "--dir", os.path.join(DEMO, "synapse"),
         "--port", str(port), "--registration", registration],
        stdout=subprocess.PIPE, text=True)
    line = launcher.stdout.readline().strip()
    if not line.startswith("READY"):
        raise RuntimeError(f"Synapse did not start ({line}); see {DEMO}/synapse/synapse.out")
    return launcher, line.split()[1]


def register(url, username, password):
    body = json.dumps({"username": username, "password": password, "auth": {"type": "m.login.dummy"}}).encode()
    request = urllib.request.Request(f"{url}/_matrix/client/v3/register", data=body,
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def wait_listening(port, child, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"pontoon-echo exited; see {DEMO}/bridge.log")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("pontoon-echo did not start listening")


class Conversation:
    """A matrix-nio client that remembers every timeline event, to wait for answers in order."""

    def __init__(self, url):
        self.client = AsyncClient(url, "@demo:localhost")
        self.events = []
        self.seen = 0
        self.invites = []

    async def sync(self, timeout_ms):
        response = await self.client.sync(timeout=timeout_ms, since=getattr(self, "token", None))
        self.token = response.next_batch
        for room_id, room in response.rooms.join.items():
            self.events += [(room_id, event.source) for event in room.timeline.events]
        for room_id, room in response.rooms.invite.items():
            if any(isinstance(e, InviteMemberEvent) and e.sender == BOT for e in room.invite_state):
                self.invites.append(room_id)

    async def wait(self, match):
        """The first event not seen yet for which match(room, event) holds."""
        deadline = time.time() + STEP_TIMEOUT
        while True:
            while self.seen < len(self.events):
                room, event = self.events[self.seen]
                self.seen += 1
                if match(room, event):
                    return room, event
            if time.time() > deadline:
                raise TimeoutError("no answer within %ds" % STEP_TIMEOUT)
            await self.sync(1000)

    async def say(self, room, text):
        print(f"demo> {text}")
        await self.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text})

    async def answer(self, room, sender, contains=""):
        def match(r, e):
            return r == room and e.get("sender") == sender and contains in e.get("content", {}).get("body", "")
        _, event = await self.wait(match)
        who = "bot" if sender == BOT else sender
        for line in event["content"]["body"].splitlines() or [""]:
            print(f"  {who}: {line}")
        return event


async def play(url):
    talk = Conversation(url)
    await talk.client.login("demo")
    await talk.sync(0)
    print("Transcript (demo = @demo:localhost, bot = the bridge bot):\n")
    room = (await talk.client.room_create(is_direct=True, invite=[BOT])).room_id
    await talk.answer(room, BOT, "management room")
    await talk.say(room, "help")
    await talk.answer(room, BOT, "Commands you can use")
    await talk.say(room, "login")
    await talk.answer(room, BOT, "Send your **name**")
    await talk.say(room, "demo")
    await talk.answer(room, BOT, "Send your **password**")
    await talk.say(room, "hunter2")
    await talk.answer(room, BOT, "Logged in as")
    deadline = time.time() + STEP_TIMEOUT
    while not talk.invites:
        if time.time() > deadline:
            raise TimeoutError("no portal invite")
        await talk.sync(1000)
    portal = talk.invites[0]
    print(f"\n(the bot invites demo to a portal {portal}: a DM with the echo user; demo joins)\n")
    await talk.client.join(portal)
    await talk.answer(portal, GHOST, "Hello")
    await talk.say(portal, "hello from Matrix")
    await talk.answer(portal, GHOST, "hello from Matrix")
    await talk.say(portal, "edit")
    _, edit = await talk.wait(lambda r, e: r == portal and e.get("sender") == GHOST
                              and e.get("content", {}).get("m.relates_to", {}).get("rel_type") == "m.replace")
    print(f"  {GHOST} edits its message to: {edit['content']['m.new_content']['body']}")
    print("\nTranscript done.")
    await talk.client.close()


def main():
    global DEMO
    parser = argparse.ArgumentParser()
    parser.add_argument("--bridge", required=True, help="the pontoon-echo executable")
    parser.add_argument("--script", action="store_true", help="play a conversation and stop")
    parser.add_argument("--dir", default=DEMO, help="where the demo's files go (wiped first)")
    args = parser.parse_args()
    DEMO = os.path.abspath(args.dir)

    shutil.rmtree(DEMO, ignore_errors=True)
    os.makedirs(DEMO)
    synapse_port, bridge_port = free_port(), free_port()
    config, registration = make_bridge_files(args.bridge, synapse_port, bridge_port)
    synapse, url = start_synapse(synapse_port, registration)
    bridge = None
    try:
        register(url, "demo", "demo")
        with open(os.path.join(DEMO, "bridge.log"), "w") as log:
            bridge = subprocess.Popen([args.bridge, "-c", config], stdout=log, stderr=subprocess.STDOUT)
        wait_listening(bridge_port, bridge)
        if args.script:
            asyncio.run(play(url))
        else:
            print(f"""
The echo bridge is running.

  Homeserver:  {url}   (server name: localhost)
  User:        @demo:localhost   password: demo
  Bridge bot:  {BOT}

Log in with any Matrix client (Element: "Edit" the homeserver, enter {url}), start a direct chat
with {BOT}, and send `help`, then `login`. In the echo chat that opens, try `edit`, `react`,
`delete`, `picture`, `burst 5`. Files and logs are in {DEMO}. Ctrl-C stops everything.
""", flush=True)
            stop_signals = {signal.SIGINT, signal.SIGTERM}
            signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
            signal.sigwait(stop_signals)
            print("Stopping the bridge and Synapse…", flush=True)
    finally:
        for child, grace in ((bridge, 15), (synapse, 20)):
            if child is None or child.poll() is not None:
                continue
            child.terminate()
            try:
                child.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, TimeoutError, subprocess.CalledProcessError) as error:
        print(f"demo failed: {error}", file=sys.stderr)
        sys.exit(1)
