"""Small text helpers shared by the rules: name normalisation, spoken lists and dates."""

import datetime as dt
import re

MONTHS = (
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def normalize(name: str) -> str:
	"""Lower case, `&` as "and", punctuation and hyphens as spaces, single spaces.

	"Fish & Chips" → "fish and chips", "Coca-Cola" → "coca cola", "BBQ  chicken" → "bbq chicken".
	"""
	lowered = name.lower().replace("&", " and ").replace("'", "")
	return " ".join(re.sub(r"[^a-z0-9]+", " ", lowered).split())


def spoken_list(words: list[str]) -> str:
	"""["a"] → "a"; ["a", "b", "c"] → "a, b and c"."""
	if len(words) <= 1:
		return "".join(words)
	return ", ".join(words[:-1]) + " and " + words[-1]


def spoken_date(day: dt.date) -> str:
	"""2026-11-20 → "Friday 20 November"."""
	return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def hhmm(value: dt.time) -> str:
	return value.strftime("%H:%M")


def edit_distance(a: str, b: str) -> int:
	"""Levenshtein distance (insert, delete, substitute; each costs one)."""
	previous = list(range(len(b) + 1))
	for i, char_a in enumerate(a, start=1):
		current = [i]
		for j, char_b in enumerate(b, start=1):
			current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
		previous = current
	return previous[-1]
