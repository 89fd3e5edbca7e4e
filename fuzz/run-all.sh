#!/usr/bin/env bash
# Run every fuzz target for $1 seconds each (default 600), two at a time, at the lowest priority.
set -u
cd "$(dirname "$0")"
secs=${1:-600}
run() {
  mkdir -p corpus/$1 artifacts/$1
  nice -n 19 cargo +nightly fuzz run -O "$1" "corpus/$1" -- -max_total_time="$secs" -rss_limit_mb=4096 -artifact_prefix="artifacts/$1/" > "logs/$1.log" 2>&1
  echo "$1: exit $? $(grep -E '^#[0-9]+.*DONE|Done [0-9]+ runs' "logs/$1.log" | tail -1)"
}
mkdir -p logs
run values & run cells & wait
run delimited & run config & wait
run workbook & run nppes_lines & wait
run identifiers
