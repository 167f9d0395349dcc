#!/usr/bin/env bash
# Talk Agent plugin tests: php -l, the repo lint, the button and block scripts (node), PHPUnit against a
# real WordPress, and HTTP flows with curl against `php -S`. Private MariaDB and WordPress copy in a temp dir,
# free ports, every process stopped by PID on exit. Exits non-zero on any failure.
#
#   bash wordpress-plugin/tests/run.sh        (KEEP=1 keeps the temp dir)
set -euo pipefail

# TESTS, PLUGIN, SITE_PACKAGES, missing, require, free_port, stop_pids, start_mariadb, make_wordpress, start_php_server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
STARTED=$SECONDS
PACKAGES="$SITE_PACKAGES phpunit nodejs"
REQUIRED=(php phpunit mariadbd mariadb-install-db mariadb curl node)

step() { printf '\n== %s (%ds)\n' "$*" "$((SECONDS - STARTED))"; }

# --- Requirements -----------------------------------------------------------------------------------------
require "$PACKAGES" "${REQUIRED[@]}"

# --- Temp dir, cleanup ------------------------------------------------------------------------------------
T="$(mktemp -d "${TMPDIR:-/tmp}/talk-agent-test.XXXXXX")"
PIDS=()
cleanup() {
  local rc=$?
  stop_pids
  if [ "$rc" -ne 0 ]; then
    echo >&2
    echo "FAILED ($rc) after $((SECONDS - STARTED))s. Logs in $T:" >&2
    echo "  phpunit.log  http.log  php-server.log  db.err  wp/wp-content/debug.log" >&2
  elif [ -n "${KEEP:-}" ]; then
    echo "kept $T"
  else
    rm -rf "$T"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Static checks ----------------------------------------------------------------------------------------
step "php -l"
while IFS= read -r -d '' f; do
  php -l "$f" >/dev/null || { echo "syntax error: $f" >&2; exit 1; }
done < <(find "$PLUGIN" -name '*.php' -print0)
echo "ok"

step "lint (escaping, input, nonce + capability, ABSPATH guard)"
php "$TESTS/lint.php" "$PLUGIN"

step "button script, block editor script"
node --test "$TESTS/js/floating.test.js" "$TESTS/js/block.test.js"

# --- Private MariaDB --------------------------------------------------------------------------------------
step "MariaDB"
start_mariadb wp wptest
echo "ok: $T/db.sock"

# --- WordPress copy with the plugin -----------------------------------------------------------------------
step "WordPress"
make_wordpress
echo "ok: $WP"

# --- PHPUnit ----------------------------------------------------------------------------------------------
step "PHPUnit (real WordPress, database wptest)"
if ! WP_DIR="$WP" phpunit --colors=never --do-not-cache-result --bootstrap "$TESTS/bootstrap.php" "$TESTS/phpunit" >"$T/phpunit.log" 2>&1; then
  cat "$T/phpunit.log" >&2
  exit 1
fi
tail -n 3 "$T/phpunit.log"

# --- HTTP flows -------------------------------------------------------------------------------------------
step "HTTP flows (php -S, database wp)"
start_php_server
PAGE_ID="$(WP_DIR="$WP" php "$TESTS/install.php" "127.0.0.1:$PORT" | sed -n 's/^page_id=//p')"
[ -n "$PAGE_ID" ] || { echo "install failed" >&2; exit 1; }
if ! BASE="http://127.0.0.1:$PORT" PAGE_ID="$PAGE_ID" WORK="$T/http" DB_SOCK="$T/db.sock" \
     bash "$TESTS/http.sh" >"$T/http.log" 2>&1; then
  cat "$T/http.log" >&2
  exit 1
fi
tail -n 1 "$T/http.log"

step "debug.log has nothing from the plugin"
if grep -n '/plugins/talk-agent/' "$WP/wp-content/debug.log" 2>/dev/null; then
  echo "the plugin logged PHP errors (above)" >&2
  exit 1
fi
echo "ok"

step "all passed"
