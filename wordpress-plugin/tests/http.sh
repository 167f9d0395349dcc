#!/usr/bin/env bash
# HTTP flows against a running WordPress (started by run.sh): front-end output, the settings page and its
# save handler as anonymous, subscriber and administrator. Needs BASE, PAGE_ID, WORK, DB_SOCK.
set -uo pipefail

: "${BASE:?}" "${PAGE_ID:?}" "${WORK:?}" "${DB_SOCK:?}"
mkdir -p "$WORK"
FAILS=0
PASSES=0
SETTINGS="$BASE/wp-admin/options-general.php?page=talk-agent"
POST_URL="$BASE/wp-admin/admin-post.php"

ok() { PASSES=$((PASSES + 1)); echo "ok - $*"; }
not_ok() { FAILS=$((FAILS + 1)); echo "NOT OK - $*"; }
check() { # description, command...
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
has() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
count_is() { [ "$(grep -oF -- "$2" "$1" | wc -l)" -eq "$3" ]; }

# request NAME [curl args...]: body in $WORK/NAME.html, headers in $WORK/NAME.headers; sets STATUS and LOCATION.
request() {
  local name=$1; shift
  STATUS="$(curl -s -o "$WORK/$name.html" -D "$WORK/$name.headers" -w '%{http_code}' "$@")"
  LOCATION="$(sed -n 's/^[Ll]ocation: *//p' "$WORK/$name.headers" | tr -d '\r' | tail -n 1)"
}

# One field of the stored option (empty when the option is missing).
option() {
  mariadb --no-defaults -S "$DB_SOCK" -uroot -N -B wp \
    -e "SELECT option_value FROM wp_options WHERE option_name = 'talk_agent_settings'" |
    php -r '$v = @unserialize(stream_get_contents(STDIN)); if (is_array($v) && array_key_exists($argv[1], $v)) { echo var_export($v[$argv[1]], true); }' "$1"
}

login() { # user password jar
  rm -f "$3"
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -c "$3" -b 'wordpress_test_cookie=WP%20Cookie%20check' \
    --data-urlencode "log=$1" --data-urlencode "pwd=$2" -d testcookie=1 \
    --data-urlencode "redirect_to=$BASE/wp-admin/" "$BASE/wp-login.php")"
  [ "$code" = 302 ] && grep -q wordpress_logged_in "$3"
}

nonce_from() { sed -n 's/.*name="_wpnonce" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -n 1; }

PAGE="$BASE/?page_id=$PAGE_ID" # WordPress may redirect it to a pretty permalink: front-end requests follow redirects.

echo "# front end, floating button off"
request page -L "$PAGE"
check "page with [talk_agent]: 200" [ "$STATUS" = 200 ]
check "page has the embed wrapper" has "$WORK/page.html" 'class="talk-agent-embed"'
check "page has the iframe of the default widget URL" has "$WORK/page.html" '<iframe src="http://127.0.0.1:3000/widget?service=restaurant" title="Talk to us" allow="microphone; autoplay" loading="lazy"'
check "page has no floating button" lacks "$WORK/page.html" 'talk-agent-floating'
check "page does not load the button script" lacks "$WORK/page.html" 'talk-agent/assets/talk-agent.js'
request home -L "$BASE/"
check "home page: 200" [ "$STATUS" = 200 ]
check "home page has no floating button" lacks "$WORK/home.html" 'talk-agent-floating'

echo "# anonymous"
request anon-settings "$SETTINGS"
check "anonymous GET settings page: 302" [ "$STATUS" = 302 ]
check "anonymous GET settings page: to wp-login.php" grep -q '/wp-login.php?redirect_to=' <<<"$LOCATION"
request anon-post -d action=talk_agent_save -d talk_agent_service=support "$POST_URL"
check "anonymous POST: 302" [ "$STATUS" = 302 ]
check "anonymous POST: to wp-login.php" grep -q '/wp-login.php' <<<"$LOCATION"
check "anonymous POST: nothing stored" [ "$(option service)" = "'restaurant'" ]

echo "# subscriber"
SUB="$WORK/subscriber.jar"
check "subscriber logs in" login subscriber subscriber-pass-123 "$SUB"
request sub-settings -b "$SUB" "$SETTINGS"
check "subscriber GET settings page: 403" [ "$STATUS" = 403 ]
request sub-post -b "$SUB" -d action=talk_agent_save -d talk_agent_service=support "$POST_URL"
check "subscriber POST: 403" [ "$STATUS" = 403 ]
check "subscriber POST: nothing stored" [ "$(option service)" = "'restaurant'" ]

echo "# administrator"
ADMIN="$WORK/admin.jar"
check "admin logs in" login admin admin-pass-123 "$ADMIN"
request settings -b "$ADMIN" "$SETTINGS"
check "admin GET settings page: 200" [ "$STATUS" = 200 ]
check "settings page posts to admin-post.php" has "$WORK/settings.html" "action=\"$BASE/wp-admin/admin-post.php\""
check "settings page shows the widget URL" has "$WORK/settings.html" '<code id="talk-agent-widget-url">http://127.0.0.1:3000/widget?service=restaurant</code>'
check "settings page has the preview link" has "$WORK/settings.html" 'href="http://127.0.0.1:3000/widget?service=restaurant" target="_blank" rel="noopener noreferrer"'
check "settings page warns about a local URL" has "$WORK/settings.html" 'works for testing on this machine only'
NONCE="$(nonce_from "$WORK/settings.html")"
check "settings page has a nonce" [ -n "$NONCE" ]
request plugins -b "$ADMIN" "$BASE/wp-admin/plugins.php"
check "Plugins screen has the Settings link" has "$WORK/plugins.html" "href=\"$BASE/wp-admin/options-general.php?page=talk-agent\">Settings</a>"

FORM=(-d action=talk_agent_save --data-urlencode talk_agent_ui_url=https://voice.example.org/
      -d talk_agent_service=support -d talk_agent_floating=1 --data-urlencode 'talk_agent_label=Call us'
      -d talk_agent_position=bottom-left)
request no-nonce -b "$ADMIN" "${FORM[@]}" "$POST_URL"
check "admin POST without nonce: 403" [ "$STATUS" = 403 ]
check "admin POST without nonce: nothing stored" [ "$(option service)" = "'restaurant'" ]
request bad-nonce -b "$ADMIN" "${FORM[@]}" -d _wpnonce=0123456789 "$POST_URL"
check "admin POST with a wrong nonce: 403" [ "$STATUS" = 403 ]
check "admin POST with a wrong nonce: nothing stored" [ "$(option floating)" = "false" ]
request get-save -b "$ADMIN" "$POST_URL?action=talk_agent_save&talk_agent_service=support&_wpnonce=$NONCE"
check "admin GET of the save action with the nonce: 405" [ "$STATUS" = 405 ]
check "admin GET of the save action: nothing stored" [ "$(option service)" = "'restaurant'" ]

request save -b "$ADMIN" "${FORM[@]}" -d "_wpnonce=$NONCE" -d _wp_http_referer=/wp-admin/options-general.php?page=talk-agent "$POST_URL"
check "admin POST with the nonce: 302" [ "$STATUS" = 302 ]
check "admin POST with the nonce: back to the settings page" [ "$LOCATION" = "$SETTINGS&talk-agent-saved=1" ]
check "stored: ui_url without trailing slash" [ "$(option ui_url)" = "'https://voice.example.org'" ]
check "stored: service" [ "$(option service)" = "'support'" ]
check "stored: floating" [ "$(option floating)" = "true" ]
check "stored: label" [ "$(option label)" = "'Call us'" ]
check "stored: position" [ "$(option position)" = "'bottom-left'" ]
request saved -b "$ADMIN" "$LOCATION"
check "after save: success notice" has "$WORK/saved.html" "id='setting-error-talk_agent_saved'"
check "after save: notice says Settings saved." has "$WORK/saved.html" 'Settings saved.'
check "after save: the form shows the new URL" has "$WORK/saved.html" 'value="https://voice.example.org"'
request saved-again -b "$ADMIN" "$SETTINGS&talk-agent-saved=1"
check "the notice shows once" lacks "$WORK/saved-again.html" 'setting-error-talk_agent_saved'

request bad -b "$ADMIN" -d action=talk_agent_save -d "_wpnonce=$NONCE" -d talk_agent_floating=1 \
  --data-urlencode 'talk_agent_ui_url=javascript:alert(1)' --data-urlencode 'talk_agent_service=x" onload=alert(1)' \
  --data-urlencode "talk_agent_label=$(printf 'L%.0s' $(seq 1 41))" -d talk_agent_position=bottom-left "$POST_URL"
check "bad values: 302" [ "$STATUS" = 302 ]
request bad-page -b "$ADMIN" "$LOCATION"
check "bad values: URL error notice" has "$WORK/bad-page.html" "id='setting-error-talk_agent_ui_url'"
check "bad values: service error notice" has "$WORK/bad-page.html" "id='setting-error-talk_agent_service'"
check "bad values: label error notice" has "$WORK/bad-page.html" "id='setting-error-talk_agent_label'"
check "bad values: no success notice" lacks "$WORK/bad-page.html" 'setting-error-talk_agent_saved'
check "bad values: old URL kept" [ "$(option ui_url)" = "'https://voice.example.org'" ]
check "bad values: old service kept" [ "$(option service)" = "'support'" ]
check "bad values: old label kept" [ "$(option label)" = "'Call us'" ]
check "bad values: nothing hostile on the page" lacks "$WORK/bad-page.html" 'onload=alert'

echo "# front end, floating button on"
for name in home page post; do
  case $name in home) url="$BASE/" ;; page) url="$PAGE" ;; post) url="$BASE/?p=1" ;; esac
  name="floating-$name"
  request "$name" -L "$url"
  check "$url: 200" [ "$STATUS" = 200 ]
  check "$url: floating button" has "$WORK/$name.html" '<button type="button" class="talk-agent-button" aria-expanded="false" aria-controls="talk-agent-panel">'
  check "$url: panel, hidden and empty" has "$WORK/$name.html" '<div id="talk-agent-panel" class="talk-agent-panel" role="region" aria-label="Call us" hidden></div>'
  check "$url: widget URL for the script" has "$WORK/$name.html" 'data-src="https://voice.example.org/widget?service=support"'
  check "$url: bottom left" has "$WORK/$name.html" 'talk-agent-pos-bottom-left'
  check "$url: script enqueued with version" has "$WORK/$name.html" "src='$BASE/wp-content/plugins/talk-agent/assets/talk-agent.js?ver=0.1.0'"
  check "$url: style enqueued with version" has "$WORK/$name.html" "href='$BASE/wp-content/plugins/talk-agent/assets/talk-agent.css?ver=0.1.0'"
  check "$url: one button" count_is "$WORK/$name.html" 'id="talk-agent-floating"' 1
done
check "home page: no iframe before a click" lacks "$WORK/floating-home.html" '<iframe'
request page-after -L "$PAGE"
check "page: the embed follows the new settings" has "$WORK/page-after.html" '<iframe src="https://voice.example.org/widget?service=support" title="Call us"'
request js "$BASE/wp-content/plugins/talk-agent/assets/talk-agent.js?ver=0.1.0"
check "script is served" [ "$STATUS" = 200 ]
request css "$BASE/wp-content/plugins/talk-agent/assets/talk-agent.css?ver=0.1.0"
check "style is served" [ "$STATUS" = 200 ]
request direct "$BASE/wp-content/plugins/talk-agent/includes/admin.php"
check "plugin files print nothing when requested directly" [ ! -s "$WORK/direct.html" ]

echo
echo "$PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
