"""Starts the real session manager and MCP server for the Python MCP client tests.

The binaries come from target/debug (cargo xtask test builds them first).
"""

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
BIN = ROOT / "target" / "debug"
STAFF = "py-staff-token-0123456789"
SERVICE = "py-service-token-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc: subprocess.Popen, what: str) -> str:
    deadline = time.time() + 30
    while time.time() < deadline:
        line = proc.stdout.readline()
        if "listening on http://" in line:
            return line.split("listening on http://", 1)[1].split()[0]
        if proc.poll() is not None:
            break
    raise RuntimeError(f"{what} did not start")


@pytest.fixture(scope="session")
def services():
    sm = subprocess.Popen(
        [str(BIN / "voice-session-manager"), "--bind", f"127.0.0.1:{free_port()}"],
        env={**os.environ, "STAFF_TOKEN": STAFF, "SERVICE_TOKEN": SERVICE, "DATA_DIR": ":memory:",
             "RUST_LOG": "warn"},
        stdout=subprocess.PIPE, text=True,
    )
    sm_addr = wait_listening(sm, "voice-session-manager")
    env = {**os.environ, "SESSION_MANAGER_URL": f"http://{sm_addr}", "SERVICE_TOKEN": SERVICE, "RUST_LOG": "warn"}
    mcp = subprocess.Popen(
        [str(BIN / "mcp-voice-server"), "--bind", f"127.0.0.1:{free_port()}"],
        env=env, stdout=subprocess.PIPE, text=True,
    )
    mcp_addr = wait_listening(mcp, "mcp-voice-server").removesuffix("/mcp")
    yield {"mcp_url": f"http://{mcp_addr}/mcp", "env": env, "bin": str(BIN / "mcp-voice-server")}
    for p in (mcp, sm):
        p.terminate()
        p.wait(timeout=10)
