#!/bin/bash
# weechat-matrix (Debian weechat 3.8 + weechat-matrix 0.3.0) against Parley, headless in tmux.
#
# Usage: ./check_weechat.sh [BASE_URL]        (default http://localhost:8448)
#
# weechat-matrix 0.3.0 ALWAYS speaks TLS (there is no "ssl off" option; only ssl_verify), so a plain-HTTP
# Parley is reached through tls-proxy.js (self-signed cert, ssl_verify off) on port 8449 -> BASE's port.
# If BASE_URL is https://, weechat connects straight to it.
# Steps: register two users (mx.py), "bob" creates a public room with an alias, weechat logs in as
# "wcuser", joins by alias, sends a message; bob must receive it; bob answers; the answer must appear
# in weechat's pane. Pane captures go to logs/weechat-*.txt. Exit 0 if both directions worked.
set -u
cd "$(dirname "$0")"
BASE=${1:-http://localhost:8448}
HOSTPORT=${BASE#*://}; HOST=${HOSTPORT%%:*}; PORT=${HOSTPORT##*:}
R=$(date +%s | tail -c 6)
PW=pw-weechat-1
SESS=wc-check-$R
mkdir -p logs
OUT=logs/weechat-$R
LOGSTART=$(( $(wc -l < logs/server.log 2>/dev/null || echo 0) + 1 ))
fail=0
say() { echo "$*"; }

cleanup() {
  tmux kill-session -t "$SESS" 2>/dev/null
  [ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null
  [ -n "${PEER_PID:-}" ] && kill "$PEER_PID" 2>/dev/null
}
trap cleanup EXIT

if [[ $BASE == http://* ]]; then
  [ -f tls/cert.pem ] || { mkdir -p tls; openssl req -x509 -newkey rsa:2048 -nodes -keyout tls/key.pem -out tls/cert.pem \
      -days 3650 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null; }
  TLSPORT=$((PORT + 1))
  node tls-proxy.js $TLSPORT $PORT > logs/tls-proxy-$R.log 2>&1 &
  PROXY_PID=$!
  sleep 1
  WC_PORT=$TLSPORT
else
  WC_PORT=$PORT
fi

WCTOK=$(./mx.py "$BASE" register wcuser$R $PW) || { say "FAIL register wcuser"; exit 1; }
BOBTOK=$(./mx.py "$BASE" register wcbob$R $PW) || { say "FAIL register wcbob"; exit 1; }
ROOM=$(./mx.py "$BASE" create "$BOBTOK" wctest$R "weechat test $R") || { say "FAIL createRoom"; exit 1; }
# an encrypted room (bob creates, wcuser joins beforehand) and an E2EE-capable bob (nio) answering 'ping'
E2EE=$(./mx.py "$BASE" create-e2ee "$BOBTOK" "weechat e2ee $R" @wcuser$R:localhost)
./mx.py "$BASE" join "$WCTOK" "$E2EE" > /dev/null
/usr/bin/python3 nio_peer.py "$BASE" wcbob$R $PW 150 logs/nio-peer-wc-$R.txt > /dev/null 2>&1 &
PEER_PID=$!
say "# users wcuser$R / wcbob$R, room $ROOM (#wctest$R:localhost), weechat -> $HOST:$WC_PORT"

HOME_DIR=$(mktemp -d /tmp/wchome-XXXX)
mkdir -p "$HOME_DIR/python/autoload"
ln -s /usr/share/weechat/python/matrix.py "$HOME_DIR/python/autoload/matrix.py"
# irc plugin also defines /join; don't load it
cat > "$HOME_DIR/weechat.conf" <<EOF
[plugin]
autoload = "*,!irc"
EOF

tmux new -d -s "$SESS" -x 200 -y 50 "PATH=$PWD/bin:\$PATH MATRIX_UPLOAD_HOMESERVER=https://$HOST:$WC_PORT weechat -d $HOME_DIR"   # bin/matrix_upload for /upload
sleep 4
keys() { tmux send-keys -t "$SESS" "$1" Enter; sleep "${2:-0.5}"; }
cap() { tmux capture-pane -p -t "$SESS" -S -200 | sed 's/ *│ *$//' | grep -v '^ *│\? *$' > "$OUT-$1.txt"; }

keys "/matrix server add parley $HOST:$WC_PORT"
keys "/set matrix.server.parley.ssl_verify off"
keys "/set matrix.server.parley.username wcuser$R"
keys "/set matrix.server.parley.password $PW"
keys "/set matrix.server.parley.device_name weechat-check"
keys "/matrix connect parley" 8
cap 1-login
if grep -q "Logged in as @wcuser$R" "$OUT-1-login.txt"; then say "PASS  weechat login"; else say "FAIL  weechat login (see $OUT-1-login.txt)"; fail=1; fi

keys "/buffer python.server.parley"
keys "/join #wctest$R:localhost" 5
keys "/buffer $ROOM" 1
keys "hello from weechat $R" 2
cap 2-sent
if ./mx.py "$BASE" waitfor "$BOBTOK" "$ROOM" "hello from weechat $R" 15; then say "PASS  bob received weechat's message"; else say "FAIL  bob did not receive weechat's message"; fail=1; fi

./mx.py "$BASE" send "$BOBTOK" "$ROOM" "hi weechat, bob here $R" > /dev/null
sleep 4
keys "/me waves from weechat" 1
keys "" 1
cap 3-reply
if grep -q "hi weechat, bob here $R" "$OUT-3-reply.txt"; then say "PASS  weechat shows bob's reply"; else say "FAIL  weechat does not show bob's reply"; fail=1; fi
if ./mx.py "$BASE" waitfor "$BOBTOK" "$ROOM" "waves from weechat" 10 >/dev/null; then say "PASS  /me (m.emote) received"; else say "FAIL  /me not received"; fail=1; fi

# --- media: /upload (matrix_upload helper -> POST /_matrix/media/r0/upload) and the link weechat shows ---
# weechat-matrix 0.3.0 shows media as a legacy https://HOST/_matrix/media/r0/download/... link (no token).
# Parley serves media made on/after media.legacy_freeze_date (default: today) only with authentication, so
# by default that link answers 404; WC_LEGACY_MEDIA=served (server started with parley-legacy-media.yaml) expects 200.
convert -size 64x48 xc:steelblue /tmp/wc-img-$R.png
keys "/upload /tmp/wc-img-$R.png" 6
cap 3b-upload
if ./mx.py "$BASE" waitfor "$BOBTOK" "$ROOM" "wc-img-$R.png" 15 >/dev/null; then say "PASS  /upload: bob received the m.image"; else say "FAIL  /upload: bob did not receive the image (see $OUT-3b-upload.txt)"; fail=1; fi
LINK=$(tmux capture-pane -p -J -t "$SESS" -S -200 | grep -o "https://[^ ]*/_matrix/media/r0/download/[^] ]*" | tail -1)
say "# weechat shows: $LINK"
# weechat-matrix builds the link from the server's address without its port; put the port back as a user would
LINK=$(echo "$LINK" | sed "s#^https://$HOST/#https://$HOST:$WC_PORT/#")
if [ -n "$LINK" ]; then
  CODE=$(curl -sk -o /dev/null -w '%{http_code}' "$LINK")
  if [ "${WC_LEGACY_MEDIA:-frozen}" = served ]; then [ "$CODE" = 200 ]; res=$?; EXP=200; else [ "$CODE" = 404 ]; res=$?; EXP="404 (frozen legacy media, as intended)"; fi
  if [ $res = 0 ]; then say "PASS  the media link weechat shows answers $CODE, expected $EXP"; else say "FAIL  the media link weechat shows answers $CODE, expected $EXP"; fail=1; fi
else say "FAIL  no media link in weechat's pane"; fail=1; fi

# --- encrypted room -----------------------------------------------------------------------
keys "/buffer $E2EE" 1
keys "hello encrypted from weechat $R ping" 8
cap 4-e2ee
if grep -qi "untrusted\|unverified" "$OUT-4-e2ee.txt"; then say "# weechat asks about unverified devices; answering /send-anyways"; keys "/send-anyways" 8; cap 4-e2ee; fi
if grep -q "E2EE @wcuser$R:localhost: hello encrypted from weechat $R ping" logs/nio-peer-wc-$R.txt; then say "PASS  nio peer decrypted weechat's encrypted message"; else say "FAIL  nio peer did not decrypt weechat's encrypted message"; fail=1; fi
if grep -q "pong: hello encrypted from weechat $R" "$OUT-4-e2ee.txt"; then say "PASS  weechat shows the peer's encrypted pong"; else say "FAIL  weechat does not show the encrypted pong"; fail=1; fi
say "# nio peer transcript:"; grep -v " plain " logs/nio-peer-wc-$R.txt | sed 's/^/  /'

say "# pane captures: $OUT-*.txt ; last screen:"
sed -n '1,60p' "$OUT-4-e2ee.txt" | grep -v "New key binding" | tail -25
if [ -f logs/server.log ] && [ "$BASE" = "$(cat logs/server.base 2>/dev/null)" ]; then
  say "# server 4xx/5xx during this run:"; ./logsummary.sh logs/server.log "$LOGSTART"
fi
exit $fail
