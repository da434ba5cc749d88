#!/usr/bin/env bash
# Installs the benchmark peers from Debian: ngircd and InspIRCd (IRC), Prosody with
# MUC and SQL-backed MAM (XMPP), ejabberd (XMPP). Run by the bench itself when a peer
# binary is missing, or by hand: `bash bench/setup.sh`.
#
# The packages' own system services are never started or configured by the bench:
# every peer runs from a config written to a temp dir, on 127.0.0.1 and a high port.
# If the package installs a service and no policy-rc.d exists, one is put in place for
# the duration of the install so that apt does not start it.
set -euo pipefail

PKGS=(ngircd inspircd prosody lua-dbi-sqlite3 lua-sql-sqlite3 ejabberd)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench/setup.sh: all peers installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "bench/setup.sh: need root to apt-get install ${missing[*]}" >&2
  exit 1
fi

created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

stamp=/var/lib/apt/periodic/parley-bench-updated
if [ ! -e "$stamp" ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
  apt-get update -qq
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
# Install what is available; a peer that Debian does not carry is reported missing by the bench.
available=()
for p in "${missing[@]}"; do
  if apt-cache show "$p" >/dev/null 2>&1; then available+=("$p"); else echo "bench/setup.sh: $p not available" >&2; fi
done
if [ ${#available[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${available[@]}"
fi
echo "bench/setup.sh: installed ${available[*]:-nothing}"
