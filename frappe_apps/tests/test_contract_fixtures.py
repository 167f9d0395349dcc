"""The shared contract fixtures are exactly what the rules produce, and complete."""

import json
from pathlib import Path

import pytest
from contract_cases import METHODS, build
from contract_sim import HANDLERS
from voice_agent.rules import envelope

FIXTURES = Path(__file__).resolve().parents[1] / "contract_fixtures"
FILES = sorted(FIXTURES.glob("*.json"))


def test_one_fixture_per_contract_method():
	assert {path.stem for path in FILES} == set(HANDLERS) == set(METHODS)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_fixture_matches_the_rules(path):
	stored = json.loads(path.read_text(encoding="utf-8"))
	assert stored == build(stored["method"]), "run tests/contract_cases.py and review the diff"


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_fixture_covers_success_and_faults(path):
	stored = json.loads(path.read_text(encoding="utf-8"))
	kinds = {case["kind"] for case in stored["cases"]}
	assert "success" in kinds and "error" in kinds
	assert any(case["status"] == 403 for case in stored["cases"]), "permission denied case"
	assert any(case["status"] == 417 for case in stored["cases"]), "bad argument case"
	for case in stored["cases"]:
		body = case["response"]
		if case["status"] == 200:
			assert set(body) == {"message"}
		else:
			assert envelope.HTTP_STATUS[body["exc_type"]] == case["status"]
			assert {"exc_type", "exception", "_server_messages"} <= set(body)
			messages = envelope.server_messages(body)
			assert len(messages) == 1 and messages[0]["raise_exception"] == 1
			assert body["exception"] == f"frappe.exceptions.{body['exc_type']}: {messages[0]['message']}"
			if case["status"] == 417:
				field = messages[0]["message"].split(":")[0]
				assert field and " " not in field, "417 messages start with the field name"


def test_refusals_and_idempotent_repeats_are_answers_not_faults():
	for path in FILES:
		for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
			if case["kind"] == "refusal":
				assert case["status"] == 200 and case["response"]["message"]["status"] in ("error", "partial")
			if case["kind"] == "idempotent_repeat":
				assert case["status"] == 200


def test_idempotent_repeat_returns_the_first_result_unchanged():
	place = json.loads((FIXTURES / "business_workflows.api.restaurant.place_order.json").read_text())
	first = next(case for case in place["cases"] if case["name"] == "takeaway")
	repeat = next(case for case in place["cases"] if case["name"] == "repeat_returns_first_result")
	assert repeat["response"] == first["response"]
