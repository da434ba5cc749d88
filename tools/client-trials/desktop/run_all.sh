#!/bin/bash
# Run every client check against one Parley and summarise.
# Usage: [PARLEY_TRY_PORT=8458] [PARLEY_TRY_CONFIG=parley-legacy-media.yaml] ./run_all.sh [BASE_URL]   (default http://localhost:$PARLEY_TRY_PORT, 8448)
#   If BASE is the default and nothing answers there, a throwaway Parley is started from ./parley
#   (./start-parley.sh; build it first) and stopped at the end.
# Output: logs/all-<stamp>/{nio,weechat,nheko,quaternion}.txt, the 4xx/5xx summary, and shots/run-*/ from nheko.
cd "$(dirname "$0")"
PORT=${PARLEY_TRY_PORT:-8448}
BASE=${1:-http://localhost:$PORT}
STAMP=$(date -u +%Y%m%dT%H%M%S)
D=logs/all-$STAMP; mkdir -p "$D"
STARTED=
if ! curl -sf "$BASE/_matrix/client/versions" > /dev/null; then
  if [ "$BASE" = "http://localhost:$PORT" ]; then ./start-parley.sh "" ${PARLEY_TRY_CONFIG:-} || exit 1; STARTED=1; else echo "no server at $BASE"; exit 1; fi
fi
LOGSTART=$(( $(wc -l < logs/server.log 2>/dev/null || echo 0) + 1 ))
# with PARLEY_TRY_CONFIG=parley-legacy-media.yaml the legacy media links must work: tell nio/weechat
[ -n "${PARLEY_TRY_CONFIG:-}" ] && export NIO_LEGACY_MEDIA=${NIO_LEGACY_MEDIA:-served} WC_LEGACY_MEDIA=${WC_LEGACY_MEDIA:-served}
# shared machine: wait while ${QUIET_FILE:-/nonexistent} exists (someone needs the cores)
quiet() { while [ -e ${QUIET_FILE:-/nonexistent} ]; do sleep 20; done; }
rc=0
quiet; echo "== matrix-nio";   timeout 600 /usr/bin/python3 check_nio.py "$BASE" > "$D/nio.txt" 2>&1 || rc=1; tail -n 20 "$D/nio.txt" | grep '^#'
quiet; echo "== weechat-matrix"; timeout 600 ./check_weechat.sh "$BASE" > "$D/weechat.txt" 2>&1 || rc=1; grep -E '^(PASS|FAIL)' "$D/weechat.txt"
quiet; echo "== nheko";        timeout 900 ./check_nheko.sh "$BASE" > "$D/nheko.txt" 2>&1 || rc=1; grep -E '^(PASS|FAIL)|screenshots:' "$D/nheko.txt"
quiet; echo "== quaternion";   timeout 600 ./check_quaternion.sh "$BASE" > "$D/quaternion.txt" 2>&1 || rc=1; grep -E '^(PASS|FAIL)|screenshots:' "$D/quaternion.txt"
if [ -f logs/server.log ] && [ "$BASE" = "$(cat logs/server.base 2>/dev/null)" ]; then
  echo "== server 4xx/5xx over all checks"; ./logsummary.sh logs/server.log "$LOGSTART" | tee "$D/server-4xx5xx.txt"
fi
[ -n "$STARTED" ] && kill "$(cat logs/server.pid)"
echo "# results in $D"
exit $rc
