"""The business configuration the session manager reads at the start of a call."""

from typing import Any

from voice_agent.rules import validation as v

BUSINESS_TYPES = ("restaurant", "appointment", "support", "general")
DEFAULTS = {
	"company_name": "",
	"voice": "Mark",
	"language": "en-GB",
	"temperature": 0.4,
	"greeting_message": "Hello, thanks for calling. How can I help you today?",
	"max_call_duration_seconds": 600,
	"recording_enabled": False,
}


def clean_business_type(value: Any) -> str:
	return v.choice(value, "business_type", BUSINESS_TYPES, default="general")


def business_config(settings: dict[str, Any], extras: dict[str, Any] | None = None) -> dict[str, Any]:
	"""Settings (Voice Agent Settings values) plus the per-type extras of the business app."""
	result = {
		key: settings.get(key) if settings.get(key) not in (None, "") else default
		for key, default in DEFAULTS.items()
	}
	result["temperature"] = float(result["temperature"])
	result["max_call_duration_seconds"] = int(result["max_call_duration_seconds"])
	result["recording_enabled"] = bool(int(result["recording_enabled"] or 0))
	result.update(extras or {})
	return result
