#!/usr/bin/env python3
"""Runs a throwaway Synapse for the test suites and stops it when the test process goes away.

Usage: synapse_rig.py --dir DIR --port PORT --registration FILE [--registration FILE…] [--server-name NAME]

Writes a fresh homeserver config in DIR (SQLite, open registration for test users, raised rate
limits, the bridge's registration, the E2EE experimental flags), starts Synapse in the foreground
as a child process, prints "READY <url>" once /health answers, and exits when Synapse exits. If
the parent (the Swift test process) dies, even by SIGKILL, Synapse is stopped too: the launcher
polls its parent pid, because a crashed test runner never gets to clean up.
"""
import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request

EXTRA_CONFIG = """
enable_registration: true
enable_registration_without_verification: true
trusted_key_servers: []
suppress_key_server_warning: true
report_stats: false
presence:
  enabled: false
app_service_config_files: [{registrations}]
experimental_features:
  msc2409_to_device_messages_enabled: true
  msc3202_transaction_extensions: true
rc_message: {{per_second: 10000, burst_count: 10000}}
rc_registration: {{per_second: 10000, burst_count: 10000}}
rc_login:
  address: {{per_second: 10000, burst_count: 10000}}
  account: {{per_second: 10000, burst_count: 10000}}
  failed_attempts: {{per_second: 10000, burst_count: 10000}}
rc_joins:
  local: {{per_second: 10000, burst_count: 10000}}
  remote: {{per_second: 10000, burst_count: 10000}}
rc_joins_per_room: {{per_second: 10000, burst_count: 10000}}
rc_invites:
  per_room: {{per_second: 10000, burst_count: 10000}}
  per_user: {{per_second: 10000, burst_count: 10000}}
  per_issuer: {{per_second: 10000, burst_count: 10000}}
rc_room_creation: {{per_second: 10000, burst_count: 10000}}
rc_media_create: {{per_second: 10000, burst_count: 10000}}
rc_profile: {{per_second: 10000, burst_count: 10000}}
rc_key_requests: {{per_second: 10000, burst_count: 10000}}
"""


def write_config(directory, port, registrations, server_name):
    config = os.path.join(directory, "homeserver.yaml")
    subprocess.run(
        [sys.executable, "-m", "synapse.app.homeserver", "--server-name", server_name,
         "--config-path", config, "--generate-config", "--report-stats=no",
         "--data-directory", directory, "--config-directory", directory],
        check=True, stdout=subprocess.DEVNULL, cwd=directory)
    with open(config) as f:
        text = f.read()
    # The generated listener binds ::1 and 127.0.0.1 on 8008; tests need one loopback port of their own.
    text = text.replace("port: 8008", f"port: {port}")
    text = text.replace("bind_addresses: ['::1', '127.0.0.1']", "bind_addresses: ['127.0.0.1']")
    # The generated file ends in a comment line: start on a new line or the settings are ignored.
    text += "\n" + EXTRA_CONFIG.format(registrations=", ".join(registrations))
    with open(config, "w") as f:
        f.write(text)
    log_config = os.path.join(directory, f"{server_name}.log.config")
    if os.path.exists(log_config):
        with open(log_config) as f:
            log_text = f.read()
        with open(log_config, "w") as f:
            f.write(log_text.replace("level: INFO", "level: WARNING"))
    return config


def wait_ready(url, child, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if child.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/health", timeout=1) as response:
                if response.status == 200:
                    return True
        except Exception:
            time.sleep(0.1)
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--registration", required=True, action="append")
    parser.add_argument("--server-name", default="localhost")
    args = parser.parse_args()
    # A test runner may spawn us from a thread with SIGTERM blocked; a blocked signal stays pending
    # forever, so unblock before anything else (Synapse inherits this mask too).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    os.makedirs(args.dir, exist_ok=True)
    config = os.path.join(args.dir, "homeserver.yaml")
    if not os.path.exists(config):
        config = write_config(args.dir, args.port, [os.path.abspath(r) for r in args.registration], args.server_name)
    parent = os.getppid()
    log = open(os.path.join(args.dir, "synapse.out"), "ab")
    child = subprocess.Popen([sys.executable, "-m", "synapse.app.homeserver", "-c", config],
                             stdout=log, stderr=subprocess.STDOUT, cwd=args.dir)

    def stop(*_):
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    url = f"http://127.0.0.1:{args.port}"
    if not wait_ready(url, child):
        print("FAILED see " + os.path.join(args.dir, "synapse.out"), flush=True)
        stop()
    print("READY " + url, flush=True)
    while child.poll() is None:
        if os.getppid() != parent:
            stop()
        time.sleep(0.5)
    sys.exit(child.returncode or 0)


if __name__ == "__main__":
    main()
