#!/usr/bin/env bash
# Lint and test the two Frappe apps without Frappe: ruff over frappe_apps, then the
# pure-rule, DocType-JSON and contract-fixture tests with pytest.
# The FrappeTestCase suites inside the apps need a bench site; see README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
VENV="${VENV_FRAPPE:-$REPO/.venv-frappe}"

if [[ ! -x "$VENV/bin/python" ]]; then
	python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import pytest" 2>/dev/null || [[ ! -x "$VENV/bin/ruff" ]]; then
	"$VENV/bin/pip" install --quiet --upgrade pip
	"$VENV/bin/pip" install --quiet pytest ruff
fi

cd "$HERE"
"$VENV/bin/ruff" format --check .
"$VENV/bin/ruff" check .
"$VENV/bin/python" -m pytest -q tests "$@"
