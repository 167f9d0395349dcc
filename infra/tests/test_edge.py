"""The deployment's edge (infra/nginx) in front of two real session
managers sharing a real Redis, and the real UI server (see conftest.py).

The tests run in file order: the instance failover and the rate limit come
last, since they change the stack for everything after them.
"""

import json
import time
import urllib.error
import urllib.request

from websockets.sync.client import connect



def request(url, method="GET", body=None, headers=None, timeout=10):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def create_session(edge, business="restaurant"):
    status, _, body = request(f"{edge['url']}/api/sessions", "POST", {"businessType": business})
    assert status == 201, f"POST /api/sessions through nginx: {status} {body[:300]!r}"
    return json.loads(body)


def frames(ws, until, timeout=10):
    """Reads frames until `until(frames)` holds; returns them all."""
    got = []
    deadline = time.time() + timeout
    while not until(got):
        left = deadline - time.time()
        assert left > 0, f"timed out; got {[f.get('type') for f in got]}"
        got.append(json.loads(ws.recv(timeout=left)))
    return got


def metric_total(instance_url, name):
    """The sum of one metric's samples on one instance (0 when absent)."""
    _, _, body = request(f"{instance_url}/metrics")
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in body.decode().splitlines()
        if line.startswith(name + "{") or line.startswith(name + " ")
    )


def test_the_ui_is_served_through_the_edge_and_points_browsers_at_it(edge):
    status, headers, body = request(f"{edge['url']}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "Talk to our voice assistant" in page
    # The browser must call the session manager through the edge too.
    assert edge["url"] in page, "the page does not carry SESSION_MANAGER_PUBLIC_URL"
    status, _, body = request(f"{edge['url']}/widget?service=restaurant")
    assert status == 200 and "Talk to us" in body.decode()
    status, headers, _ = request(f"{edge['url']}/pkg/voice_ui_client.js")
    assert status == 200, "the UI's WASM glue is not served through the edge"


def test_health_is_public_and_metrics_are_not(edge):
    status, _, body = request(f"{edge['url']}/health")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"
    status, _, _ = request(f"{edge['url']}/metrics")
    assert status == 404, "the edge must not publish /metrics"
    status, _, body = request(f"{edge['instances']['a']}/metrics")
    assert status == 200 and b"vsm_capacity" in body, "the instance itself serves /metrics"


def test_new_sessions_are_spread_over_both_instances(edge):
    before = {n: metric_total(u, "vsm_sessions_created_total") for n, u in edge["instances"].items()}
    for _ in range(6):
        create_session(edge)
    for name, url in edge["instances"].items():
        assert metric_total(url, "vsm_sessions_created_total") > before[name], (
            f"instance {name} created none of 6 sessions: nginx did not balance"
        )


def test_events_cross_instances_to_a_staff_socket_held_through_the_edge(edge):
    ws_base = edge["url"].replace("http://", "ws://")
    instances = edge["instances"]
    before = {n: metric_total(u, "vsm_sessions_created_total") for n, u in instances.items()}
    with connect(f"{ws_base}/ws/staff?token={edge['staff']}") as staff:
        holder = [n for n, u in instances.items() if metric_total(u, "vsm_ws_clients") == 1]
        assert len(holder) == 1, "exactly one instance should hold the staff socket"
        created = [create_session(edge) for _ in range(4)]
        ids = {c["sessionId"] for c in created}
        got = frames(
            staff,
            lambda fs: ids
            <= {f["session"]["sessionId"] for f in fs if f.get("type") == "session_created"},
        )
        seqs = [f["seq"] for f in got]
        assert seqs == sorted(seqs), f"staff frames out of order: {seqs}"
    # least_conn sends new requests to the instance without the socket, so
    # these events were produced on one instance and delivered by the other.
    other = next(n for n in instances if n != holder[0])
    assert metric_total(instances[other], "vsm_sessions_created_total") > before[other]
    # The customer's WebSocket URL points at the edge and works through it.
    first = created[0]
    assert first["websocketUrl"].startswith(ws_base + "/ws/sessions/"), first["websocketUrl"]
    # since=0: the call was ready before this socket opened; replay it.
    with connect(first["websocketUrl"] + "&since=0") as customer:
        got = frames(
            customer,
            lambda fs: any(f.get("type") == "call_ready" and f.get("joinUrl") for f in fs),
        )
        assert all(f.get("sessionId", first["sessionId"]) == first["sessionId"] for f in got)
    join = next(f["joinUrl"] for f in got if f.get("type") == "call_ready" and f.get("joinUrl"))
    assert join.startswith(ws_base + "/local-voice/"), f"browsers join through the edge: {join}"


def test_the_local_provider_talks_to_its_own_instance_not_through_the_edge(edge):
    # Its API key, calls and webhook secret belong to one instance: sent
    # through the load balancer they would reach the other one (401s).
    log = (edge["artifacts"] / "nginx-access.log").read_text()
    leaked = [l for l in log.splitlines() if "/local-voice/api/" in l or "/webhooks/" in l or "/tools/" in l]
    assert not leaked, "server-to-server calls went through nginx:\n" + "\n".join(leaked[:5])
    for name in edge["instances"]:
        text = (edge["artifacts"] / f"session-manager-{name}.log").read_text()
        assert "could not create the call" not in text, f"instance {name} failed to create a call"


def test_the_edge_replaces_a_forwarded_for_instead_of_appending_to_it(edge):
    # nginx replaces X-Forwarded-For with the real client address, so the
    # instances' per-address limit cannot be dodged by inventing addresses.
    conf = (edge["artifacts"] / "site.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "$proxy_add_x_forwarded_for" not in conf


def test_an_oversized_body_is_refused_at_the_edge_with_the_same_json_413(edge):
    big = {"businessType": "restaurant", "metadata": {"note": "x" * 100_000}}
    # Several, so that an instance answering early (and being marked down by
    # nginx for the broken write) would show as a 502 below.
    for _ in range(3):
        status, headers, body = request(f"{edge['url']}/api/sessions", "POST", big)
        assert status == 413, body[:200]
        assert headers["Content-Type"].startswith("application/json"), body[:200]
        assert json.loads(body)["error"]["code"] == "payload_too_large"
    # Word for word the session manager's own 413 (ApiError::PayloadTooLarge).
    assert json.loads(body)["error"]["message"] == "request body is larger than 65536 bytes"
    # No instance was touched: both still answer through the edge.
    for _ in range(4):
        assert request(f"{edge['url']}/api/business/menu")[0] == 200
    error_log = (edge["artifacts"] / "nginx-error.log").read_text()
    assert "while sending request to upstream" not in error_log, error_log[-500:]


def test_a_dead_instance_is_routed_around(edge):
    edge["stack"].kill("session-manager-a")
    for _ in range(10):
        status, _, body = request(f"{edge['url']}/api/business/menu")
        assert status == 200, f"menu through nginx with instance a dead: {status} {body[:200]!r}"
    ws_base = edge["url"].replace("http://", "ws://")
    with connect(f"{ws_base}/ws/staff?token={edge['staff']}") as staff:
        session = create_session(edge, "support")
        frames(
            staff,
            lambda fs: any(
                f.get("type") == "session_created" and f["session"]["sessionId"] == session["sessionId"]
                for f in fs
            ),
        )


def test_new_sessions_are_rate_limited_per_address_but_staff_reads_are_not(edge):
    codes = [
        request(f"{edge['url']}/api/sessions", "POST", {"businessType": "support"})[0]
        for _ in range(40)
    ]
    # 60r/m with a burst of 20: at most ~21 of 40 quick requests pass.
    assert codes.count(429) >= 15, codes
    assert set(codes) <= {201, 429}, codes
    auth = {"Authorization": f"Bearer {edge['staff']}"}
    reads = [request(f"{edge['url']}/api/sessions?limit=5", headers=auth)[0] for _ in range(30)]
    assert reads == [200] * 30, reads
