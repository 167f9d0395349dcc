"""Daily call statistics: the Voice Analytics record and the dashboard result.

Both are computed from plain rows (dicts) so the same numbers come out whether
the scheduler aggregates a past day or the dashboard asks about today.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from voice_agent.rules.sessions import SESSION_TYPES

SENTIMENTS = ("Positive", "Neutral", "Negative")
PRIORITIES = ("Low", "Medium", "High", "Critical")


def aggregate_day(day: dt.date, sessions: list[dict], interactions: list[dict]) -> dict[str, Any]:
	"""The fields of the day's Voice Analytics record."""
	statuses = Counter(row.get("status") for row in sessions)
	by_type = Counter(row.get("session_type") or "General" for row in sessions)
	outcomes = Counter(row.get("business_outcome") or "None" for row in sessions)
	sentiments = Counter(row.get("sentiment") for row in sessions if row.get("sentiment") in SENTIMENTS)
	successes = sum(1 for row in interactions if row.get("success"))
	return {
		"date": day.isoformat(),
		"total_calls": len(sessions),
		"queued_calls": statuses["Queued"],
		"active_calls": statuses["Active"],
		"completed_calls": statuses["Completed"],
		"failed_calls": statuses["Failed"],
		"avg_duration_seconds": average_duration(sessions),
		"calls_by_type": {name: by_type[name] for name in SESSION_TYPES},
		"calls_by_outcome": dict(sorted(outcomes.items())),
		"tool_calls": len(interactions),
		"tool_successes": successes,
		"tool_success_rate": percentage(successes, len(interactions)),
		"sentiment": {name: sentiments[name] for name in SENTIMENTS},
	}


def average_duration(sessions: list[dict]) -> int:
	"""Mean duration in whole seconds of the sessions that have one (rounded half up)."""
	durations = [int(row["duration_seconds"]) for row in sessions if (row.get("duration_seconds") or 0) > 0]
	if not durations:
		return 0
	return int((Decimal(sum(durations)) / len(durations)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def percentage(part: int, whole: int) -> float:
	if not whole:
		return 0.0
	return float((Decimal(part) * 100 / whole).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))


def empty_business_stats() -> dict[str, Any]:
	return {
		"orders": 0,
		"revenue": "0.00",
		"bookings": 0,
		"tickets_by_priority": dict.fromkeys(PRIORITIES, 0),
	}


def dashboard(day: dt.date, sessions: list[dict], business: dict[str, Any] | None = None) -> dict[str, Any]:
	"""The result of `voice_agent.api.analytics.get_dashboard_data`."""
	statuses = Counter(row.get("status") for row in sessions)
	by_type = Counter(row.get("session_type") or "General" for row in sessions)
	stats = empty_business_stats()
	stats.update(business or {})
	return {
		"date": day.isoformat(),
		"total_calls": len(sessions),
		"active_calls": statuses["Active"],
		"completed_calls": statuses["Completed"],
		"failed_calls": statuses["Failed"],
		"avg_duration_seconds": average_duration(sessions),
		"by_type": {name: by_type[name] for name in SESSION_TYPES},
		"orders": stats["orders"],
		"revenue": stats["revenue"],
		"bookings": stats["bookings"],
		"tickets_by_priority": {name: stats["tickets_by_priority"].get(name, 0) for name in PRIORITIES},
	}
