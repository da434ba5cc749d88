#!/bin/bash
# Quaternion (Debian 0.0.95.1, libQuotient 0.6.11) against Parley, under Xvfb; screenshots to LOOK at.
# Usage: ./check_quaternion.sh [BASE_URL]     (default http://localhost:8448)
# Steps: register quser/qbob (mx.py), bob makes a room, quser joins, bob says hello; Quaternion logs in
#   (server field set by hand), screenshot (an error dialog here = a failed request), close it,
#   send a message (bob must get it), bob replies (must show in the screenshot).
# Coordinates assume Quaternion's first-run window at 0,0 (853x305) on 1280x900 with no window manager.
set -u
cd "$(dirname "$0")"
BASE=${1:-http://localhost:8448}
R=$(date +%s | tail -c 6)
PW=pw-quat-1234
DISP=${QUAT_DISPLAY:-:96}
SHOTS=shots/quat-$R
mkdir -p "$SHOTS" logs
LOGSTART=$(( $(wc -l < logs/server.log 2>/dev/null || echo 0) + 1 ))
export DISPLAY=$DISP
n=0
shot() { n=$((n+1)); local f; f=$(printf "%s/%02d-%s.png" "$SHOTS" "$n" "$1"); import -window root "$f"; echo "  screenshot $f"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }
typ() { xdotool type --delay 40 "$1"; }
fail=0
res() { if [ "$1" = 0 ]; then echo "PASS  $2"; else echo "FAIL  $2"; fail=1; fi; }
cleanup() { [ -n "${APP_PID:-}" ] && kill -- -"$APP_PID" 2>/dev/null; [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null; }
trap cleanup EXIT

QTOK=$(./mx.py "$BASE" register quser$R $PW) || { echo "FAIL register"; exit 1; }
BOBTOK=$(./mx.py "$BASE" register qbob$R $PW)
ROOM=$(./mx.py "$BASE" create "$BOBTOK" qtest$R "quaternion test $R")
./mx.py "$BASE" join "$QTOK" "$ROOM" > /dev/null
./mx.py "$BASE" send "$BOBTOK" "$ROOM" "welcome quaternion user $R" > /dev/null
echo "# user @quser$R:localhost / $PW, room $ROOM"

Xvfb "$DISP" -screen 0 1280x900x24 -nolisten tcp > logs/xvfb-quat-$R.log 2>&1 &
XVFB_PID=$!
sleep 1.5
QHOME=$(mktemp -d /tmp/qhome-XXXX)
cat > "$QHOME/start.sh" <<EOF
export HOME=$QHOME XDG_RUNTIME_DIR=$QHOME/run DISPLAY=$DISP
mkdir -p \$XDG_RUNTIME_DIR; chmod 700 \$XDG_RUNTIME_DIR
eval "\$(printf 'x' | gnome-keyring-daemon --unlock --components=secrets)"
exec quaternion
EOF
setsid dbus-run-session -- bash "$QHOME/start.sh" > logs/quaternion-$R.log 2>&1 &
APP_PID=$!
sleep 6
shot login-dialog
click 477 24; typ "@quser$R:localhost"; sleep 1
click 477 55; typ "$PW"; sleep 1
click 477 117; xdotool key ctrl+a; typ "$BASE"; xdotool key Tab; sleep 4
shot login-filled
click 508 177 10                     # Login
shot after-login
click 614 141 1                      # Close on an error box, if any
click 440 260; typ "hello from quaternion $R"; xdotool key Return
./mx.py "$BASE" waitfor "$BOBTOK" "$ROOM" "hello from quaternion $R" 15 > /dev/null; res $? "bob received Quaternion's message"
./mx.py "$BASE" send "$BOBTOK" "$ROOM" "bob answers quaternion $R" > /dev/null; sleep 3
shot sent-and-reply
echo "# Quaternion's failed requests:"
grep -E "quotient.jobs: [45][0-9][0-9] <-|status (IncorrectRequest|NotFound|NetworkError|ContentAccess)" logs/quaternion-$R.log | cut -c1-200 | sort -u | head
if [ -f logs/server.log ] && [ "$BASE" = "$(cat logs/server.base 2>/dev/null)" ]; then
  echo "# server 4xx/5xx during this run:"; ./logsummary.sh logs/server.log "$LOGSTART"
fi
echo "# screenshots: $SHOTS"
exit $fail
