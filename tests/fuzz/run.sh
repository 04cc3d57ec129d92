#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time, from seed corpora built out of the
# test data. Fails on any crash, leak, sanitizer report or hang.
# Usage: tests/fuzz/run.sh FUZZ_BUILD_DIR [SECONDS_PER_TARGET]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
build="$1"
seconds="${2:-30}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Seeds: JSON-RPC lines, the sample cases as tool arguments, patients' check-in texts,
# and HTTP requests.
mkdir -p "$work/seeds/json_rpc" "$work/seeds/session" "$work/seeds/checkin" "$work/seeds/http"
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"s","version":"1"}}}'
printf '%s' "$init" > "$work/seeds/json_rpc/init"
printf '%s' '{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"search_exercises","arguments":{"query":"quad sets"}}}' > "$work/seeds/json_rpc/call"
printf '%s' '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}' > "$work/seeds/json_rpc/cancel"
n=0
for f in "$source_dir"/tests/data/cases/*.json "$source_dir"/tests/data/hep_long_page.json; do
  n=$((n + 1))
  { printf '\x01'; cat "$f"; } > "$work/seeds/session/case$n"
done
printf '\x00%s\n%s\n%s' '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  '{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"ptmcp://library/exercises"}}' \
  '{"jsonrpc":"2.0","id":4,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"hep_end_of_visit"},"argument":{"name":"condition","value":"kn"}}}' \
  > "$work/seeds/session/lines"
# Every method with params missing, null, an array, and each field null or mistyped, as
# requests and as notifications.
python3 "$here/make_seeds.py" "$work/seeds/json_rpc" > /dev/null
python3 "$here/make_seeds.py" "$work/seeds/session" session > /dev/null
printf '\x02{"requestId":null,"name":7,"uri":[],"ref":"x","argument":{}}' > "$work/seeds/session/params"
python3 - "$source_dir/tests/data/checkin_corpus.json" "$work/seeds/checkin" <<'PY'
import json, sys, pathlib
data = json.load(open(sys.argv[1]))
items = data["messages"] if isinstance(data, dict) and "messages" in data else data
for i, item in enumerate(items):
    text = (item.get("message") or item.get("text") or "") if isinstance(item, dict) else str(item)
    pathlib.Path(sys.argv[2], f"m{i}").write_text(text)
PY
body="$init"
printf 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: %d\r\n\r\n%s' "${#body}" "$body" > "$work/seeds/http/init"
printf 'GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' > "$work/seeds/http/get"
printf 'POST /mcp HTTP/1.1\r\nHost: 127.attacker.example\r\nHost: 127.0.0.1\r\nOrigin: null\r\nContent-Length: 2\r\n\r\n{}' > "$work/seeds/http/hosts"
printf 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}POST /mcp HTTP/1.1\r\nHost: [::1]\r\nContent-Length: 2\r\n\r\n{}' > "$work/seeds/http/pipelined"
printf 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' > "$work/seeds/http/chunked"

run() {
  local target="$1" seeds="$2" dict="${3:-}"
  [ -x "$build/tests/fuzz/$target" ] || { echo "missing $target in $build" >&2; exit 1; }
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  echo "== $target for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 ${dict:+-dict="$dict"} -artifact_prefix="$work/artifacts/$target/" \
      "$work/corpus/$target" "$work/seeds/$seeds" > "$work/$target.log" 2>&1; then
    tail -60 "$work/$target.log" >&2
    for a in "$work/artifacts/$target"/*; do
      [ -e "$a" ] && { echo "input that failed ($a), base64:" >&2; base64 -w0 "$a" >&2; echo >&2; }
    done
    echo "FAIL: $target found a problem" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$target.log" || true
}

run fuzz_json_rpc json_rpc "$here/json_rpc.dict"
run fuzz_checkin_parser checkin
run fuzz_session session "$here/json_rpc.dict"
if [ -x "$build/tests/fuzz/fuzz_http" ]; then
  run fuzz_http http
fi
echo "fuzzing found nothing"
