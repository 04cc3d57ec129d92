#!/usr/bin/env bash
# The main job. On a fresh Debian machine: installs what is needed, builds ptmcp, and runs
# a real MCP client session that builds the home exercise program for the sample
# knee-replacement case (../shared/cases/hep_post_tka.json, or the copy in
# tests/data/cases/) with today as the visit day, for the clinic named below (its number is
# where the page tells the patient to text DONE), prints the note and the text messages, and
# writes the printable page and the calendar to the output folder (default ./out; pass
# another as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"

scripts/install-deps.sh
(cd demo && npm ci --no-audit --no-fund --loglevel=error)
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPTMCP_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target ptmcp
node demo/demo.mjs --bin build/release/ptmcp --out "$out" \
  --clinic-name "Lakeside Physical Therapy" --clinic-number "555-0100"
