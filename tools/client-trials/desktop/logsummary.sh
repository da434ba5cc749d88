#!/bin/bash
# Summarise 4xx/5xx responses in Parley's JSON log.
# Usage: ./logsummary.sh [logfile] [since-line]   (default logs/server.log, from line 1)
LOG=${1:-$(dirname "$0")/logs/server.log}; FROM=${2:-1}
tail -n +"$FROM" "$LOG" | /usr/bin/python3 -c '
import sys, json, re, collections
c = collections.Counter()
for line in sys.stdin:
    try: j = json.loads(line)
    except Exception: continue
    st = j.get("status")
    if isinstance(st, int) and st >= 400:
        u = j.get("url", "").split("?")[0]
        u = re.sub(r"(![^/]+|%21[^/]+)", "!ROOM", u)
        u = re.sub(r"(@[^/]+|%40[^/]+)", "@USER", u)
        u = re.sub(r"/(send|state)/([^/]+)/[^/]+$", r"/\1/\2/TXN", u)
        c[(st, j.get("method"), u)] += 1
for (st, m, u), n in sorted(c.items(), key=lambda x: (x[0][2], x[0][0])):
    print(f"{st} {m:6} {u}  x{n}")
'
