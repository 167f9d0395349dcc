"""The deployment files themselves: Prometheus config and alert rules
(promtool, with the rules' unit tests), the compose file (docker-compose
validates it without a Docker engine), and the example settings."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

INFRA = Path(__file__).resolve().parents[1]
ROOT = INFRA.parent


def run(argv, env=None, cwd=INFRA):
    if shutil.which(argv[0]) is None:
        pytest.fail(f"`{argv[0]}` is not installed: run `cargo xtask test`, which installs it")
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=env)


def test_prometheus_config_and_rules_are_valid():
    r = run(["promtool", "check", "config", "prometheus/prometheus.yml"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "10 rules found" in r.stdout + r.stderr


def test_alert_rules_fire_when_they_should():
    r = run(["promtool", "test", "rules", "alerts.test.yml"], cwd=INFRA / "prometheus")
    assert r.returncode == 0, r.stdout + r.stderr


def compose_config(tmp_path, env_lines):
    # docker-compose reads .env from the project directory: use a copy.
    project = tmp_path / "infra"
    shutil.copytree(INFRA, project, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    (project / ".env").write_text("\n".join(env_lines) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in {"PUBLIC_BASE_URL", "STAFF_TOKEN"}}
    return run(["docker-compose", "-f", "compose.yaml", "config"], env=env, cwd=project)


def test_compose_file_is_valid_with_the_example_settings(tmp_path):
    example = (INFRA / "env.example").read_text().splitlines()
    r = compose_config(tmp_path, example)
    assert r.returncode == 0, r.stderr
    for service in ("redis", "session-manager", "mcp", "ui", "nginx", "prometheus", "grafana"):
        assert f"  {service}:" in r.stdout, f"service {service} missing"
    # Secrets come from .env; the optional settings file sets no empty values.
    assert "STAFF_TOKEN: change-me-staff-token" in r.stdout
    assert "ULTRAVOX_API_KEY" not in r.stdout
    assert "LOG_FORMAT: json" in r.stdout


def test_compose_names_a_missing_secret(tmp_path):
    example = [l for l in (INFRA / "env.example").read_text().splitlines() if not l.startswith("STAFF_TOKEN=")]
    r = compose_config(tmp_path, example)
    assert r.returncode != 0
    assert "set STAFF_TOKEN in infra/.env" in r.stderr


def test_optional_settings_leave_every_value_unset_or_filled():
    # The session manager refuses an empty value (`ULTRAVOX_API_KEY=`), so
    # the file compose passes to it may only hold filled lines.
    for line in (INFRA / "session-manager.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert value.strip(), f"{name} is set but empty in session-manager.env"



def test_alerts_and_the_dashboard_only_use_metrics_the_session_manager_has():
    source = "\n".join(
        p.read_text() for p in (ROOT / "apps/voice-session-manager/src").rglob("*.rs")
    )
    declared = set(re.findall(r'(?:counter|gauge|histogram)!\(\s*"(vsm_[a-z_]+)"', source))
    assert len(declared) > 10, declared
    used = set()
    for path in [ROOT / "infra/prometheus/alerts.yml", ROOT / "infra/grafana/dashboards/voice-agent.json"]:
        for name in re.findall(r"\bvsm_[a-z_]+", path.read_text()):
            used.add(re.sub(r"_(bucket|count|sum)$", "", name))
    assert used, "no metrics found in the alerts and the dashboard"
    assert used <= declared, f"not metrics of the session manager: {sorted(used - declared)}"
