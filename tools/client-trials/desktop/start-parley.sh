#!/bin/bash
# Start a throwaway Parley (in-memory) on port 8448, logging JSON to $HERE/logs/server.log
# Port: $PARLEY_TRY_PORT (default 8448; another tester may already use 8448 — check `ss -ltnp`).
# Usage: ./start-parley.sh [parley-checkout-dir] [config.yaml]
#   (default: this repository; build it first: npm ci && npm run build)
#   config.yaml: e.g. ./parley-legacy-media.yaml (media.legacy_freeze_date: 2100-01-01). Without it Parley
#   runs on defaults (it would read a parley.yaml in the checkout dir, so keep none there).
# Stop:  kill $(cat $HERE/logs/server.pid)
# Since the media merge `parley start` prints a start-up banner (non-JSON lines) before the JSON log;
# logsummary.sh skips non-JSON lines.
PORT=${PARLEY_TRY_PORT:-8448}
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:-$HERE/../../..}
CONF=${2:+$(realpath "$2")}
mkdir -p $HERE/logs
if curl -sf "http://localhost:$PORT/_matrix/client/versions" >/dev/null; then echo "something already answers on :$PORT (not ours); pick another PARLEY_TRY_PORT"; exit 1; fi
cd "$DIR" || exit 1
nohup node apps/server/dist/cli.js start --ephemeral --port $PORT ${CONF:+--config "$CONF"} >> $HERE/logs/server.log 2>&1 &
echo $! > $HERE/logs/server.pid
echo "http://localhost:$PORT" > $HERE/logs/server.base
for i in $(seq 1 50); do curl -sf http://localhost:$PORT/_matrix/client/versions >/dev/null && { echo "parley up (pid $(cat $HERE/logs/server.pid))${CONF:+ config $CONF}"; exit 0; }; sleep 0.2; done
echo "parley did not come up"; tail -20 $HERE/logs/server.log; exit 1
