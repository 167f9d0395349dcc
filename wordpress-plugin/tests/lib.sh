# Shared by run.sh and site.sh (sourced, not run): the requirement check, a private MariaDB, a copy of
# WordPress with the plugin, and `php -S` on a free port. One copy, so the tests and the site for the browser
# tests run the same WordPress.
#
# The caller runs with `set -euo pipefail`, sets T (its temp dir) and PIDS=() before starting anything: every
# process started here is appended to PIDS, and the caller stops them by PID (stop_pids) on exit.

TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PLUGIN="$(dirname "$TESTS")"
# What a WordPress site needs (run.sh adds its test tools).
SITE_PACKAGES="wordpress wordpress-theme-twentytwentythree php-cli php-mysql mariadb-server curl"
# mariadbd lives in /usr/sbin, which is not on every PATH.
export PATH="$PATH:/usr/sbin:/sbin"

# missing COMMAND...: prints the first missing requirement (one of the commands, WordPress, the theme, or
# php-mysql); prints nothing when everything is there.
missing() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || { echo "$c"; return; }
  done
  [ -f /usr/share/wordpress/wp-settings.php ] || { echo wordpress; return; }
  [ -d /usr/share/wordpress/wp-content/themes/twentytwentythree ] || { echo twentytwentythree; return; }
  php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' || echo php-mysql
}

# require "PACKAGES" COMMAND...: installs PACKAGES with apt when a requirement is missing and this runs as
# root; otherwise says exactly what to install and exits 1.
require() {
  local packages="$1"
  shift
  if [ -n "$(missing "$@")" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing $packages" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $packages >/dev/null
    else
      echo "missing: $(missing "$@"). Install as root: apt-get install --no-install-recommends $packages" >&2
      exit 1
    fi
  fi
  [ -z "$(missing "$@")" ] || { echo "still missing after install: $(missing "$@")" >&2; exit 1; }
}

free_port() {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

# Stops every process in PIDS: all are signalled first, so they shut down in parallel.
stop_pids() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# start_mariadb DATABASE...: a private server on the socket $T/db.sock (no TCP), and the user wp (password wp)
# with every right on each DATABASE.
start_mariadb() {
  local pid db grants=""
  mariadb-install-db --no-defaults --datadir="$T/db" --user="$(id -un)" --auth-root-authentication-method=normal \
    --skip-test-db >"$T/db-install.log" 2>&1 || { cat "$T/db-install.log" >&2; exit 1; }
  mariadbd --no-defaults --datadir="$T/db" --user="$(id -un)" --socket="$T/db.sock" --skip-networking \
    --pid-file="$T/db.pid" --log-error="$T/db.err" >/dev/null 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 300); do
    mariadb --no-defaults -S "$T/db.sock" -uroot -e 'select 1' >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "mariadbd exited, see $T/db.err" >&2; exit 1; }
    sleep 0.1
  done
  for db in "$@"; do grants+="CREATE DATABASE $db; GRANT ALL ON $db.* TO 'wp'@'localhost'; "; done
  mariadb --no-defaults -S "$T/db.sock" -uroot -e "CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; $grants"
}

# make_wordpress: a copy of /usr/share/wordpress in $T/wp with the plugin as it would be shipped, and a
# wp-config.php for the private database (WP_DB_NAME in the environment picks the database, default wp).
# Sets WP.
make_wordpress() {
  WP="$T/wp"
  cp -a /usr/share/wordpress "$WP"
  rm -f "$WP/.htaccess"
  mkdir -p "$WP/wp-content/plugins/talk-agent"
  # Everything but tests/.
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
}

# start_php_server: `php -S` serving $WP on a free port, log in $T/php-server.log. Another process may take the
# port between choosing and binding it: then another port is tried. Sets PORT and SERVER_PID.
start_php_server() {
  local attempt
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
    kill -0 "$SERVER_PID" 2>/dev/null && return 0
    # It exited (the port was taken): forget this PID and try another port.
    wait "$SERVER_PID" 2>/dev/null || true
    unset 'PIDS[-1]'
  done
  echo "php -S did not start" >&2
  cat "$T/php-server.log" >&2
  exit 1
}
