"""Starts the deployment of infra/ on this machine with real parts: a real
redis-server, two session managers in Redis mode, the UI server, and a real
nginx running infra/nginx/voice-agent.conf.template rendered the way the
nginx image renders it (envsubst of the listed variables only).

`cargo xtask test` builds the binaries and passes their paths:
  VSM_BIN, UI_BIN, UI_SITE_ROOT   the session manager, the UI server, the site
Logs go to INFRA_ARTIFACTS (default target/infra-artifacts).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
STAFF = "infra-staff-token-0123456789"
SERVICE = "infra-service-token-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, what: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not start on port {port}; see {log}")


def render(template: str, values: dict) -> str:
    """envsubst as the nginx image runs it: only the given ${NAME}s."""

    def sub(m):
        name = m.group(1)
        return values[name] if name in values else m.group(0)

    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)\}", sub, template)


class Stack:
    def __init__(self, artifacts: Path):
        self.artifacts = artifacts
        self.procs = {}

    def start(self, name, argv, env, port):
        log = self.artifacts / f"{name}.log"
        out = open(log, "w")
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        wait_port(port, name, proc, log)
        return proc

    def kill(self, name):
        proc = self.procs[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def edge():
    for var in ("VSM_BIN", "UI_BIN", "UI_SITE_ROOT"):
        if not os.environ.get(var):
            pytest.fail(f"{var} is not set: run these tests with `cargo xtask test`")
    for tool in ("nginx", "redis-server"):
        if shutil.which(tool) is None:
            pytest.fail(f"`{tool}` is not installed: run `cargo xtask test`, which installs it")
    artifacts = Path(os.environ.get("INFRA_ARTIFACTS", ROOT / "target" / "infra-artifacts"))
    shutil.rmtree(artifacts, ignore_errors=True)
    (artifacts / "tmp").mkdir(parents=True)
    stack = Stack(artifacts)
    try:
        redis_port = free_port()
        stack.start(
            "redis",
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(artifacts)],
            os.environ.copy(),
            redis_port,
        )
        edge_port = free_port()
        edge_url = f"http://127.0.0.1:{edge_port}"
        instances = {}
        for name in ("a", "b"):
            port = free_port()
            env = {
                **os.environ,
                "SESSION_MANAGER_BIND": f"127.0.0.1:{port}",
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}",
                "INSTANCE_ID": name,
                "DATA_DIR": str(artifacts / f"data-{name}"),
                "STAFF_TOKEN": STAFF,
                "SERVICE_TOKEN": SERVICE,
                "PUBLIC_BASE_URL": edge_url,
                "CORS_ALLOWED_ORIGINS": edge_url,
                "TRUST_FORWARDED_FOR": "true",
                # nginx's limit is the one under test; the instances' own
                # per-address limit stays out of its way.
                "SESSION_CREATE_RATE": "1000",
                "SESSION_CREATE_BURST": "1000",
                "RUST_LOG": "info",
            }
            env.pop("ULTRAVOX_API_KEY", None)
            stack.start(f"session-manager-{name}", [os.environ["VSM_BIN"]], env, port)
            instances[name] = f"http://127.0.0.1:{port}"
        ui_port = free_port()
        stack.start(
            "ui",
            [os.environ["UI_BIN"]],
            {**os.environ, "UI_BIND": f"127.0.0.1:{ui_port}",
             "SESSION_MANAGER_URL": instances["a"], "SESSION_MANAGER_PUBLIC_URL": edge_url,
             "UI_SITE_ROOT": os.environ["UI_SITE_ROOT"], "RUST_LOG": "info"},
            ui_port,
        )
        servers = " ".join(
            f"server {url.removeprefix('http://')} max_fails=1 fail_timeout=5s;"
            for url in instances.values()
        )
        site = render(
            (INFRA / "nginx" / "voice-agent.conf.template").read_text(),
            {
                "NGINX_LISTEN": f"127.0.0.1:{edge_port}",
                "SESSION_MANAGER_SERVERS": servers,
                "VOICE_UI": f"127.0.0.1:{ui_port}",
                "NGINX_SESSION_RATE": "60r/m",
            },
        )
        leftover = re.findall(r"\$\{[A-Z_]+\}", site)
        assert not leftover, f"the template uses variables the deployment does not set: {leftover}"
        (artifacts / "site.conf").write_text(site)
        tmp = artifacts / "tmp"
        # What the nginx image's own nginx.conf provides around conf.d/*.conf.
        (artifacts / "nginx.conf").write_text(
            f"""worker_processes 1;
pid {artifacts}/nginx.pid;
error_log {artifacts}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log {artifacts}/nginx-access.log;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  include {artifacts}/site.conf;
}}
"""
        )
        check = subprocess.run(
            ["nginx", "-t", "-c", str(artifacts / "nginx.conf"), "-p", str(artifacts)],
            capture_output=True, text=True,
        )
        assert check.returncode == 0, f"nginx -t refused the rendered template:\n{check.stderr}"
        stack.start(
            "nginx",
            ["nginx", "-c", str(artifacts / "nginx.conf"), "-p", str(artifacts), "-g", "daemon off;"],
            os.environ.copy(),
            edge_port,
        )
        yield {
            "url": edge_url,
            "instances": instances,
            "redis_port": redis_port,
            "stack": stack,
            "staff": STAFF,
            "artifacts": artifacts,
        }
    finally:
        stack.stop_all()
