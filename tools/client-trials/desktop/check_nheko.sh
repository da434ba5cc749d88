#!/bin/bash
# nheko (Debian 0.11.3) against Parley, under Xvfb, driven with xdotool, screenshots with ImageMagick.
#
# Usage: ./check_nheko.sh [BASE_URL]      (default http://localhost:8448)
# Output: screenshots in shots/run-<R>/NN-*.png  (LOOK at them: the script can't read dialogs),
#         nheko's own log in logs/nheko-<R>.log, the E2EE peer's transcript in logs/nio-peer-<R>.txt,
#         and, when BASE is this machine's :8448 Parley logging to logs/server.log, the 4xx/5xx it caused.
# Steps: register nhuser/nhbob (mx.py); bob makes a public room, nhuser joins it, bob says hello;
#        a matrix-nio peer logs in as bob (with E2EE keys) and answers 'ping' with 'pong';
#        nheko: login (homeserver field set by hand: autodiscovery on https://localhost fails),
#        first-run "Setup Encryption" dialog -> OK, open the room, send a message (bob must get it),
#        bob replies (must show), attach a file (media upload), create an encrypted room, /invite bob,
#        send "ping" (peer must decrypt it) and see the encrypted "pong" in nheko.
# Coordinates assume nheko's window at 0,0 (1066x600) on a 1280x900 Xvfb with no window manager.
set -u
cd "$(dirname "$0")"
BASE=${1:-http://localhost:8448}
R=$(date +%s | tail -c 6)
PW=pw-nheko-123
DISP=${NHEKO_DISPLAY:-:98}
SHOTS=shots/run-$R
mkdir -p "$SHOTS" logs
LOGSTART=$(( $(wc -l < logs/server.log 2>/dev/null || echo 0) + 1 ))
export DISPLAY=$DISP
n=0
shot() { n=$((n+1)); local f; f=$(printf "%s/%02d-%s.png" "$SHOTS" "$n" "$1"); import -window root "$f"; echo "  screenshot $f"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }
typ() { xdotool type --delay 40 "$1"; }
fail=0
res() { if [ "$1" = 0 ]; then echo "PASS  $2"; else echo "FAIL  $2"; fail=1; fi; }

cleanup() {
  [ -n "${NHEKO_PID:-}" ] && kill -- -"$NHEKO_PID" 2>/dev/null; kill "${NHEKO_PID:-}" 2>/dev/null
  [ -n "${PEER_PID:-}" ] && kill "$PEER_PID" 2>/dev/null
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null
}
trap cleanup EXIT

# --- users and a room -------------------------------------------------------------------------
./mx.py "$BASE" register nhuser$R $PW > /tmp/nhusertok-$R || { echo "FAIL register"; exit 1; }
BOBTOK=$(./mx.py "$BASE" register nhbob$R $PW)
ROOM=$(./mx.py "$BASE" create "$BOBTOK" nhtest$R "nheko test $R")
./mx.py "$BASE" join "$(cat /tmp/nhusertok-$R)" "$ROOM" > /dev/null
./mx.py "$BASE" send "$BOBTOK" "$ROOM" "welcome nheko user, from bob $R" > /dev/null
echo "# user @nhuser$R:localhost / $PW, room $ROOM"
/usr/bin/python3 nio_peer.py "$BASE" nhbob$R $PW 240 logs/nio-peer-$R.txt > /dev/null 2> logs/nio-peer-$R.err &
PEER_PID=$!

# --- X and nheko -----------------------------------------------------------------------------
Xvfb "$DISP" -screen 0 1280x900x24 -nolisten tcp > logs/xvfb-$R.log 2>&1 &
XVFB_PID=$!
sleep 1.5
NHHOME=$(mktemp -d /tmp/nhhome-XXXX)
cat > "$NHHOME/start.sh" <<EOF
export HOME=$NHHOME XDG_RUNTIME_DIR=$NHHOME/run DISPLAY=$DISP
mkdir -p \$XDG_RUNTIME_DIR; chmod 700 \$XDG_RUNTIME_DIR
# an unlocked keyring, so nheko can store its secrets without a "choose keyring password" prompt
eval "\$(printf 'x' | gnome-keyring-daemon --unlock --components=secrets)"
exec nheko
EOF
setsid dbus-run-session -- bash "$NHHOME/start.sh" > logs/nheko-$R.log 2>&1 &
NHEKO_PID=$!
sleep 7
shot welcome

click 614 432 2                       # LOGIN on the welcome page
shot login-form
click 530 275; typ "@nhuser$R:localhost"
click 530 330 4                       # password field; nheko tries .well-known meanwhile
shot mxid-typed-autodiscovery
typ "$PW"
click 530 396; xdotool key ctrl+a; typ "$BASE"; sleep 2
shot login-filled
click 533 506 9                       # LOGIN
shot after-login
# If a keyring prompt still appears, answer it.
if xdotool search --name "keyring" > /dev/null 2>&1; then typ kr; xdotool key Tab; typ kr; xdotool key Return; sleep 2; shot keyring-prompt-answered; fi
shot setup-encryption-dialog
click 913 561 5                       # OK on "Setup Encryption" (first login; defaults: secrets online, no passphrase, key backup on)
shot recovery-key-dialog              # since cross-signing works: "This is your recovery key ..." (modal)
click 1011 333 2                      # OK on the recovery-key dialog
click 828 432 1                       # OK on an error box, if one is shown (harmless otherwise)
shot after-encryption-setup           # no yellow "Encryption not set up" banner expected any more
click 140 74 3                       # (y=74: no "Encryption not set up" banner above the list any more) first room in the list
shot room-open
click 600 580 1; typ "hello from nheko $R"; xdotool key Return; sleep 1
./mx.py "$BASE" waitfor "$BOBTOK" "$ROOM" "hello from nheko $R" 15 > /dev/null; res $? "bob received nheko's message"
./mx.py "$BASE" send "$BOBTOK" "$ROOM" "bob answers nheko $R" > /dev/null; sleep 3
shot sent-and-reply

# an image, so the screenshot shows whether nheko can fetch it back (0.11.3 only knows the legacy,
# unauthenticated /_matrix/media/v3 download/thumbnail endpoints -> frozen by default)
convert -size 320x160 xc:gold -fill black -pointsize 28 -gravity center -annotate 0 "nheko upload $R" /tmp/nh-img-$R.png
click 279 580 2                       # paperclip
typ "/tmp/nh-img-$R.png"; xdotool key Return; sleep 2
shot attach-preview
click 933 541 4                       # Upload file
./mx.py "$BASE" waitfor "$BOBTOK" "$ROOM" "nh-img-$R.png" 15 > /dev/null; res $? "upload: bob received nheko's m.image"
sleep 3
shot after-upload                     # LOOK: the image itself, or a grey placeholder if the download failed

# --- encrypted room ------------------------------------------------------------------------
click 66 580 1; click 137 636 2        # + -> Create a new room
click 104 58; typ "nheko e2ee $R"; click 161 307 1   # name, Encryption toggle
shot create-encrypted-room
click 71 371 4                         # Create Room
click 140 74 2                        # (y=74: no "Encryption not set up" banner above the list any more) newest room is first
click 600 580 1; typ "/invite @nhbob$R:localhost"; xdotool key Return; sleep 6
# (the first word typed right after a /command is sometimes lost in nheko's composer, so 'ping' goes last)
click 600 580 2; typ "e2ee hello from nheko $R ping"; sleep 0.5; xdotool key Return; sleep 10
shot e2ee-ping-pong
grep -q "MSG .* E2EE @nhuser$R:localhost: .*from nheko $R ping" logs/nio-peer-$R.txt; res $? "nio peer decrypted nheko's encrypted message"
grep -q "REPLY RoomSendResponse" logs/nio-peer-$R.txt; res $? "nio peer sent an encrypted pong (check the last screenshot: nheko should show it decrypted)"
echo "# nio peer transcript:"; grep -v "^.* MSG .* plain" logs/nio-peer-$R.txt | sed 's/^/  /' 

# --- restart nheko: session restore from its stored token + incremental /sync ------------------
kill -- -"$NHEKO_PID" 2>/dev/null; sleep 3
./mx.py "$BASE" send "$BOBTOK" "$ROOM" "sent while nheko was closed $R" > /dev/null
setsid dbus-run-session -- bash "$NHHOME/start.sh" >> logs/nheko-$R.log 2>&1 &
NHEKO_PID=$!
sleep 10
shot after-restart                     # LOOK: no login page and no Setup Encryption dialog again
click 140 74 3                        # (y=74: no "Encryption not set up" banner above the list any more) the plain room (new message) is first again
shot after-restart-plain-room
echo "# (after-restart screenshot should show 'sent while nheko was closed $R' and no login page)"

echo "# nheko warnings/errors:"
grep -E "\[(warning|error|critical)\]" logs/nheko-$R.log | grep -v "WebRTC\|QObject::\|qml\]" | cut -c1-200 | sort -u -k4 | head -20
if [ -f logs/server.log ] && [ "$BASE" = "$(cat logs/server.base 2>/dev/null)" ]; then
  echo "# server 4xx/5xx during this run:"; ./logsummary.sh logs/server.log "$LOGSTART"
fi
echo "# screenshots: $SHOTS"
exit $fail
