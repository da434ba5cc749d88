#!/bin/bash
# Re-run the Element-Web-against-Parley newcomer flows.
#
#   ./run.sh [HOMESERVER_URL] [-- extra flows.mjs args, e.g. --only a,b]
#
# HOMESERVER_URL defaults to http://localhost:8448. If nothing answers there and it is a localhost URL,
# a throwaway Parley (this repository, built; --ephemeral) is started on that port and stopped afterwards.
# Element (./element-web/webapp, built) is served by serve.mjs on $ELEMENT_PORT (default 8080, or the
# next free port) with a config.json pointing at HOMESERVER_URL.
# PARLEY_LOG=/path/to/parley.log  lets the report list that server's 4xx/5xx per step (automatic when
# this script starts Parley itself).  PARLEY_DIR=... picks another built Parley checkout; PARLEY_ARGS=...
# adds flags to the Parley it starts (e.g. "--config parley-unfrozen.yaml").
# Output: shots/run-<time>/NN-*.png, report.md, report.json, console-*.log.  Exit code 0 iff all flows pass.
set -u
cd "$(dirname "$0")"
HS=${1:-http://localhost:8448}; shift || true
[ "${1:-}" = "--" ] && shift
PARLEY_DIR=${PARLEY_DIR:-$(cd ../../.. && pwd)}
mkdir -p logs shots
started=()
cleanup() { for p in "${started[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

while [ -e ${QUIET_FILE:-/nonexistent} ]; do echo "waiting: ${QUIET_FILE:-/nonexistent} exists"; sleep 20; done

[ -f element-web/webapp/index.html ] || { echo "no Element build in element-web/webapp (see README.md)"; exit 2; }
[ -d node_modules/playwright-core ] || npm install --no-save playwright-core >/dev/null

if ! curl -sf "$HS/_matrix/client/versions" >/dev/null; then
  port=$(echo "$HS" | sed -nE 's#^http://(localhost|127\.0\.0\.1):([0-9]+)/?$#\2#p')
  [ -n "$port" ] || { echo "nothing answers at $HS"; exit 2; }
  [ -f "$PARLEY_DIR/apps/server/dist/cli.js" ] || { echo "build Parley first: (cd $PARLEY_DIR && npm ci && npm run build)"; exit 2; }
  PARLEY_LOG=$PWD/logs/parley-$(date -u +%Y%m%dT%H%M%S).log
  (cd "$PARLEY_DIR" && exec node apps/server/dist/cli.js start --ephemeral --port "$port" ${PARLEY_ARGS:-}) >"$PARLEY_LOG" 2>&1 &
  started+=($!)
  for i in $(seq 1 100); do curl -sf "$HS/_matrix/client/versions" >/dev/null && break; sleep 0.2; done
  curl -sf "$HS/_matrix/client/versions" >/dev/null || { echo "Parley did not start:"; tail "$PARLEY_LOG"; exit 2; }
  echo "started Parley ($PARLEY_DIR @ $(git -C "$PARLEY_DIR" log -1 --format=%h 2>/dev/null)) on $HS, log $PARLEY_LOG"
fi

# An Element server whose config.json points at $HS
ep=${ELEMENT_PORT:-8080}
while :; do
  cfg=$(curl -sf "http://localhost:$ep/config.json" || true)
  if [ -z "$cfg" ]; then
    HS_URL="$HS" node serve.mjs element-web/webapp "$ep" >"logs/serve-$ep.log" 2>&1 &
    started+=($!)
    for i in $(seq 1 50); do curl -sf "http://localhost:$ep/config.json" >/dev/null && break; sleep 0.1; done
    break
  fi
  echo "$cfg" | grep -q "\"base_url\":\"${HS%/}\"" && break
  ep=$((ep + 1))
done
echo "Element: http://localhost:$ep -> $HS"

args=(--hs "$HS" --element "http://localhost:$ep")
[ -n "${PARLEY_LOG:-}" ] && args+=(--log "$PARLEY_LOG")
nice -n 19 node flows.mjs "${args[@]}" "$@"
