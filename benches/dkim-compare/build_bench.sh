#!/usr/bin/env bash
# Clean release build of each verifier, one after the other, same conditions; then dep counts.
set -e
cd "$(dirname "$0")"
for p in ${ORDER:-ma cf}; do
  ( cd $p
    cargo fetch -q
    rm -rf target
    echo "== $p: load before: $(cat /proc/loadavg)"
    /usr/bin/time -f "$p clean release build: %e s wall, %U s user, %S s sys, %M KB maxrss" cargo build --release -q 2>&1
    echo "== $p: deps (cargo tree -e normal --prefix none | sort -u | wc -l): $(cargo tree -e normal --prefix none | sort -u | wc -l)"
    echo "== $p: release binary size: $(stat -c %s target/release/*-verify) bytes"
  )
done
