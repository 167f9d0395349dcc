#!/usr/bin/env bash
# A running WordPress site with the Talk Agent plugin, for the UI's browser tests
# (apps/voice-ui-client/tests/browser/wordpress.test.mjs). Same private MariaDB and WordPress copy as run.sh
# (lib.sh); the plugin embeds the voice UI at $UI_URL, service restaurant, floating button on.
#
#   UI_URL=http://127.0.0.1:3000 [WP_SITE_INFO=FILE] [WP_LOGS=DIR] bash wordpress-plugin/tests/site.sh
#
# Once the site answers with the embed, prints on stdout
#   WP_URL=http://127.0.0.1:PORT
#   WP_PAGE_URL=http://127.0.0.1:PORT/agent/         (the page with [talk_agent])
#   wordpress site ready
# (the two KEY=VALUE lines also go to WP_SITE_INFO, written at once) and stays in the foreground.
# SIGTERM (exit 0) or SIGINT (exit 130) stops MariaDB and php -S by PID and removes the temp dir, copying the
# logs to WP_LOGS first when it is set. Missing packages are installed with apt as root (otherwise: exit 1
# with the install line). Exits 1, with the reason on stderr, when the setup fails, or when MariaDB or php -S dies.
set -euo pipefail

# TESTS, SITE_PACKAGES, missing, require, stop_pids, start_mariadb, make_wordpress, start_php_server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -z "${UI_URL:-}" ]; then
  echo "UI_URL is not set: the voice UI's base URL to embed, e.g. http://127.0.0.1:3000" >&2
  exit 1
fi
REQUIRED=(php mariadbd mariadb-install-db mariadb curl)
require "$SITE_PACKAGES" "${REQUIRED[@]}"

T="$(mktemp -d "${TMPDIR:-/tmp}/talk-agent-site.XXXXXX")"
PIDS=()
cleanup() {
  local rc=$?
  stop_pids
  # The temp dir goes away: show the end of the server logs when the site failed.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ]; then
    for f in db.err php-server.log; do
      if [ -s "$T/$f" ]; then echo "--- end of $f" >&2; tail -n 20 "$T/$f" >&2; fi
    done
  fi
  if [ -n "${WP_LOGS:-}" ]; then
    mkdir -p "$WP_LOGS"
    cp "$T/php-server.log" "$WP_LOGS/wordpress-php-server.log" 2>/dev/null || true
    cp "$T/db.err" "$WP_LOGS/wordpress-mariadb.log" 2>/dev/null || true
    cp "$T/wp/wp-content/debug.log" "$WP_LOGS/wordpress-debug.log" 2>/dev/null || true
  fi
  rm -rf "$T"
  exit "$rc"
}
trap cleanup EXIT
# SIGTERM is how the caller stops the site: a success.
trap 'exit 0' TERM
trap 'exit 130' INT

start_mariadb wp
make_wordpress
start_php_server
WP_URL="http://127.0.0.1:$PORT"
PAGE_ID="$(WP_DIR="$WP" php "$TESTS/install.php" "127.0.0.1:$PORT" | sed -n 's/^page_id=//p')"
[ -n "$PAGE_ID" ] || { echo "install.php printed no page_id" >&2; exit 1; }

# Saved through update_option(), so the plugin's sanitize callback runs as for a save from the settings page.
# It keeps the old value of a field it refuses (and the plugin drops a trailing slash): hence the check below.
# Prints the page's permalink (install turns pretty permalinks on; ?page_id=N would be a redirect).
WP_PAGE_URL="$(WP_DIR="$WP" php -r '
  $_SERVER["HTTP_HOST"] = $argv[1];
  $_SERVER["REQUEST_URI"] = "/";
  require getenv("WP_DIR") . "/wp-load.php";
  update_option("talk_agent_settings", array("ui_url" => $argv[2], "service" => "restaurant", "floating" => true));
  echo get_permalink((int) $argv[3]);
' "127.0.0.1:$PORT" "$UI_URL" "$PAGE_ID")"
case "$WP_PAGE_URL" in
  "$WP_URL"/*) ;;
  *) echo "no permalink for page $PAGE_ID: '$WP_PAGE_URL'" >&2; exit 1 ;;
esac

# The site answers, and with what the browser test expects: the embed of the widget and the floating button.
WIDGET="${UI_URL%/}/widget?service=restaurant"
curl -sf "$WP_PAGE_URL" >"$T/page.html" || { echo "GET $WP_PAGE_URL failed" >&2; exit 1; }
if ! grep -qF "<iframe src=\"$WIDGET\"" "$T/page.html" || ! grep -qF 'id="talk-agent-floating"' "$T/page.html"; then
  echo "$WP_PAGE_URL has no iframe of $WIDGET or no floating button: was UI_URL refused by the plugin?" >&2
  exit 1
fi

INFO="WP_URL=$WP_URL
WP_PAGE_URL=$WP_PAGE_URL"
if [ -n "${WP_SITE_INFO:-}" ]; then
  # Renamed into place, so a reader never sees half of it.
  printf '%s\n' "$INFO" >"$WP_SITE_INFO.tmp"
  mv "$WP_SITE_INFO.tmp" "$WP_SITE_INFO"
fi
printf '%s\nwordpress site ready\n' "$INFO"

# Stay up until told to stop. The traps run as soon as a signal arrives; getting past this wait means a
# server died on its own, which the caller must hear about.
wait -n "${PIDS[@]}" || true
echo "the WordPress site went down: MariaDB or php -S exited" >&2
exit 1
