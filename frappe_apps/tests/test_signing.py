import datetime as dt
import hashlib
import hmac
import json

from voice_agent.rules import signing

SECRET = "whsec_test_0123456789"


def test_signature_is_hex_hmac_sha256_over_timestamp_dot_body():
	body = b'{"event":"order.status_changed","id":"e1"}'
	expected = hmac.new(SECRET.encode(), b"1763640000." + body, hashlib.sha256).hexdigest()
	assert signing.sign(SECRET, 1763640000, body) == expected
	assert expected == expected.lower() and len(expected) == 64


def test_known_vector():
	# Shared with the Rust verifier: same secret, timestamp and body must give this exact value.
	body = signing.encode_body(
		{"event": "ticket.updated", "id": "evt-1", "occurred_at": "2026-11-20T12:00:00", "data": {}}
	)
	assert body == b'{"event":"ticket.updated","id":"evt-1","occurred_at":"2026-11-20T12:00:00","data":{}}'
	digest = hmac.new(b"secret", b"1700000000." + body, hashlib.sha256).hexdigest()
	assert signing.sign("secret", "1700000000", body) == digest


def test_headers_and_verification():
	body = signing.encode_body({"a": "é"})
	assert body == '{"a":"é"}'.encode()
	headers = signing.signed_headers(SECRET, body, 1763640000)
	assert headers[signing.TIMESTAMP_HEADER] == "1763640000"
	assert signing.verify(SECRET, "1763640000", body, headers[signing.SIGNATURE_HEADER], now=1763640100)
	assert not signing.verify(SECRET, "1763640000", body, headers[signing.SIGNATURE_HEADER], now=1763640301)
	assert not signing.verify(
		SECRET, "1763640000", body + b" ", headers[signing.SIGNATURE_HEADER], 1763640000
	)
	assert not signing.verify("other", "1763640000", body, headers[signing.SIGNATURE_HEADER], 1763640000)
	assert not signing.verify(SECRET, "soon", body, headers[signing.SIGNATURE_HEADER], 1763640000)


def test_empty_secret_is_refused():
	try:
		signing.sign("", 1, b"{}")
	except ValueError:
		return
	raise AssertionError("an empty secret must not sign")


def test_event_envelope():
	event = signing.build_event(
		"order.status_changed", "evt-1", dt.datetime(2026, 11, 20, 12, 0, 0, 123), {"order_id": "VRO-00001"}
	)
	assert event == {
		"event": "order.status_changed",
		"id": "evt-1",
		"occurred_at": "2026-11-20T12:00:00",
		"data": {"order_id": "VRO-00001"},
	}
	assert json.loads(signing.encode_body(event)) == event
	assert signing.webhook_url("http://sm:3001/") == "http://sm:3001/webhooks/erpnext"


def test_backoff_doubles_and_gives_up_after_a_day():
	assert [signing.retry_delay_seconds(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
	assert signing.retry_delay_seconds(40) == 3600
	created = dt.datetime(2026, 11, 20, 12, 0)
	assert signing.next_attempt_at(created, created, 1) == created + dt.timedelta(seconds=30)
	late = created + dt.timedelta(hours=23, minutes=30)
	assert signing.next_attempt_at(created, late, 12) is None
	assert signing.is_success_status(204) and not signing.is_success_status(401)
