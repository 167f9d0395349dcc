#!/usr/bin/env bash
# Talk Agent plugin tests: php -l, the repo lint, the button script (node), PHPUnit against a
# real WordPress, and HTTP flows with curl against `php -S`. Private MariaDB and WordPress copy in a temp dir,
# free ports, every process stopped by PID on exit. Exits non-zero on any failure.
#
#   bash wordpress-plugin/tests/run.sh        (KEEP=1 keeps the temp dir)
set -euo pipefail

TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PLUGIN="$(dirname "$TESTS")"
STARTED=$SECONDS
PACKAGES="wordpress wordpress-theme-twentytwentythree php-cli php-mysql mariadb-server phpunit curl nodejs"

step() { printf '\n== %s (%ds)\n' "$*" "$((SECONDS - STARTED))"; }

# --- Requirements -----------------------------------------------------------------------------------------
missing() {
  local c
  for c in php phpunit mariadbd mariadb-install-db mariadb curl node; do
    command -v "$c" >/dev/null 2>&1 || { echo "$c"; return; }
  done
  [ -f /usr/share/wordpress/wp-settings.php ] || { echo wordpress; return; }
  [ -d /usr/share/wordpress/wp-content/themes/twentytwentythree ] || { echo twentytwentythree; return; }
  php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' || echo php-mysql
}
# mariadbd lives in /usr/sbin, which is not on every PATH.
export PATH="$PATH:/usr/sbin:/sbin"
if [ -n "$(missing)" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing $PACKAGES"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  else
    echo "missing: $(missing). Install as root: apt-get install --no-install-recommends $PACKAGES" >&2
    exit 1
  fi
fi
[ -z "$(missing)" ] || { echo "still missing after install: $(missing)" >&2; exit 1; }

# --- Temp dir, cleanup ------------------------------------------------------------------------------------
T="$(mktemp -d "${TMPDIR:-/tmp}/talk-agent-test.XXXXXX")"
PIDS=()
cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
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

free_port() {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

# --- Static checks ----------------------------------------------------------------------------------------
step "php -l"
while IFS= read -r -d '' f; do
  php -l "$f" >/dev/null || { echo "syntax error: $f" >&2; exit 1; }
done < <(find "$PLUGIN" -name '*.php' -print0)
echo "ok"

step "lint (escaping, input, nonce + capability, ABSPATH guard)"
php "$TESTS/lint.php" "$PLUGIN"

step "button script"
node "$TESTS/js/floating.test.js"

# --- Private MariaDB --------------------------------------------------------------------------------------
step "MariaDB"
mariadb-install-db --no-defaults --datadir="$T/db" --user="$(id -un)" --auth-root-authentication-method=normal \
  --skip-test-db >"$T/db-install.log" 2>&1 || { cat "$T/db-install.log" >&2; exit 1; }
mariadbd --no-defaults --datadir="$T/db" --user="$(id -un)" --socket="$T/db.sock" --skip-networking \
  --pid-file="$T/db.pid" --log-error="$T/db.err" >/dev/null 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 300); do
  mariadb --no-defaults -S "$T/db.sock" -uroot -e 'select 1' >/dev/null 2>&1 && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "mariadbd exited" >&2; exit 1; }
  sleep 0.1
done
mariadb --no-defaults -S "$T/db.sock" -uroot -e "CREATE DATABASE wp; CREATE DATABASE wptest;
  CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp';
  GRANT ALL ON wp.* TO 'wp'@'localhost'; GRANT ALL ON wptest.* TO 'wp'@'localhost';"
echo "ok: $T/db.sock"

# --- WordPress copy with the plugin -----------------------------------------------------------------------
step "WordPress"
WP="$T/wp"
cp -a /usr/share/wordpress "$WP"
rm -f "$WP/.htaccess"
mkdir -p "$WP/wp-content/plugins/talk-agent"
# The plugin as it would be shipped: everything but tests/.
tar -C "$PLUGIN" --exclude=./tests -cf - . | tar -C "$WP/wp-content/plugins/talk-agent" -xf -
cat >"$WP/wp-config.php" <<PHP
<?php
define( 'DB_NAME', getenv( 'WP_DB_NAME' ) ?: 'wp' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', 'wp' );
define( 'DB_HOST', 'localhost:$T/db.sock' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as \$k ) {
	define( \$k, "test-\$k" );
}
\$table_prefix = 'wp_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', __DIR__ . '/wp-content/debug.log' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'DISABLE_WP_CRON', true );
if ( ! empty( \$_SERVER['HTTP_HOST'] ) ) {
	define( 'WP_HOME', 'http://' . \$_SERVER['HTTP_HOST'] );
	define( 'WP_SITEURL', WP_HOME );
}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
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
for attempt in 1 2 3 4 5; do
  PORT="$(free_port)"
  php -S "127.0.0.1:$PORT" -t "$WP" >"$T/php-server.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/wp-includes/images/blank.gif" && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$SERVER_PID" 2>/dev/null && break
  # The port was taken in the meantime: forget this PID (it has exited) and try another port.
  wait "$SERVER_PID" 2>/dev/null || true
  unset 'PIDS[-1]'
  [ "$attempt" -lt 5 ] || { echo "php -S did not start" >&2; cat "$T/php-server.log" >&2; exit 1; }
done
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
