#!/usr/bin/env bash
# The benchmark command (not part of the tests): builds the release configuration, runs
# the engine benchmarks (Google Benchmark), the wire benchmark (bench/wire.py: stdio and
# HTTP against a line-echo floor, start-up, memory; start-up and memory of the portable
# binary the packages ship) and the many-instances benchmark (bench/cluster.py: check-ins
# through nginx over 1, 2 and 3 instances on PostgreSQL, against one on a SQLite file), and
# writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build/release -j "$jobs" --target ptmcp bench_engines line_echo
# The portable binary the plugin and the desktop extension ship (build/release/portable).
cmake --build build/release --target plugin
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== engine benchmarks"
build/release/bench/bench_engines --benchmark_min_time=0.5 --benchmark_format=json \
  > "$work/engines.json"
echo "== wire benchmark"
python3 bench/wire.py build/release/ptmcp build/release/bench/line_echo --calls 4000 --clients 4 \
  --portable build/release/portable/ptmcp > "$work/wire.json"
echo "== many-instances benchmark"
python3 bench/cluster.py build/release/ptmcp --checkins 4000 --clients 8 > "$work/cluster.json"
python3 - "$work/engines.json" "$work/wire.json" "$work/cluster.json" bench/RESULTS.md <<'PY'
import json, platform, subprocess, sys, datetime
engines, wire, cluster = (json.load(open(f)) for f in sys.argv[1:4])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
us = lambda ns: f"{ns / 1000:.1f} µs"
out = [f"# Benchmark results", "",
       f"Machine: {cpu}, {cores} cores, {mem} MiB, {platform.system()} {platform.release()}. "
       f"Commit {commit}, {datetime.date.today().isoformat()}. Produced by `scripts/bench.sh`.", "",
       "## Engines (one call, sample knee-replacement case)", "", "| benchmark | time per call |", "|---|---|"]
names = {"SchemaValidation": "schema validation (generate_hep input)", "SixElementChecks": "six-element checks",
         "Readability": "readability of the printed page", "RenderMarkdown": "render: Markdown note",
         "RenderSms": "render: text messages", "RenderHtml": "render: printable page", "RenderIcs": "render: calendar",
         "CheckinParsing": "check-in parsing", "AdherenceReviewOfAYear": "adherence review, a year of daily check-ins"}
for b in engines["benchmarks"]:
    out.append(f"| {names.get(b['name'], b['name'])} | {us(b['real_time'] if b['time_unit'] == 'ns' else b['real_time'] * 1000)} |")
s, f, h = wire["stdio"], wire["stdio_floor"], wire["http"]
out += ["", f"## Wire (`tools/call search_exercises`, {s['calls']} calls each)", "",
        "| transport | p50 | p99 | calls/s one at a time | calls/s pipelined |", "|---|---|---|---|---|",
        f"| stdio, ptmcp | {s['p50_us']:.0f} µs | {s['p99_us']:.0f} µs | {s['sequential_per_s']:.0f} | {s['pipelined_per_s']:.0f} |",
        f"| stdio, line-echo floor | {f['p50_us']:.0f} µs | {f['p99_us']:.0f} µs | {f['sequential_per_s']:.0f} | {f['pipelined_per_s']:.0f} |",
        f"| HTTP, ptmcp, {h['clients']} concurrent clients | {h['p50_us']:.0f} µs | {h['p99_us']:.0f} µs | {h['per_s']:.0f} (all clients) | |",
        "", "## Start-up and memory", "", "| measure | value |", "|---|---|",
        f"| start to `initialize` answered (median of 10) | {wire['startup_ms']:.1f} ms (line-echo floor {wire['startup_floor_ms']:.1f} ms) |",
        f"| resident memory, idle after initialize | {wire['rss_idle_kib'] / 1024:.1f} MiB |",
        f"| resident memory after 10,000 calls | {wire['rss_after_10000_kib'] / 1024:.1f} MiB |"]
if wire.get("portable"):
    out += [f"| the portable binary the packages ship: start to `initialize` answered | {wire['portable']['startup_ms']:.1f} ms |",
            f"| the portable binary: resident memory, idle after initialize | {wire['portable']['rss_idle_kib'] / 1024:.1f} MiB |"]
out += ["", "The development build links its libraries dynamically; the portable binary links them statically (only libc,",
        "libm and the loader are shared) and leaves HTTP out."]
rows = cluster["configurations"]
first = rows[0]
out += ["", "## Many instances (check-ins through nginx)", "",
        f"`record_checkin` over `serve --http --stateless`: {first['checkins']} timed calls per configuration from "
        f"{first['clients']} concurrent clients on keep-alive connections, spread over {first['programs']} programs; "
        "a fresh database each time, PostgreSQL with fsync on as the SQLite file waits for the disk; nginx with the "
        "README's round-robin setup. Produced by `bench/cluster.py`.", "",
        "| configuration | instances | check-ins/s | p50 | p99 |", "|---|---|---|---|---|"]
for r in rows:
    where = ("SQLite file" if r["store"] == "sqlite" else "PostgreSQL") + (", through nginx" if r["through_nginx"] else ", directly")
    out.append(f"| {where} | {r['instances']} | {r['per_s']:.0f} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms |")
for reason in cluster["skipped"]:
    out += ["", f"Not measured: {reason}."]
pg = {r["instances"]: r["per_s"] for r in rows if r["store"] == "postgresql"}
lite = next((r["per_s"] for r in rows if r["store"] == "sqlite" and r["through_nginx"]), None)
if 1 in pg and len(pg) > 1:
    most = max(pg)
    out += ["", f"{most} instances on PostgreSQL answered {pg[most]:.0f} check-ins/s, {pg[most] / pg[1]:.2f} times the "
            f"{pg[1]:.0f} of one" + (f"; one instance on PostgreSQL answered {pg[1] / lite:.2f} times what one on the "
            f"SQLite file did through nginx ({lite:.0f})." if lite else ".")]
n = cluster["cores"]
out += ["", f"This machine has {n} cores, and the instances, PostgreSQL, nginx and the client threads all run on them: "
        "here more instances add processes that compete for the same cores, not capacity. On a machine with more cores "
        "(or instances on machines of their own), check-ins per second should grow with the instances roughly until "
        "PostgreSQL's write path (one committed transaction per check-in, waiting for the disk) is the limit; that is "
        "expected, not measured here.", ""]
open(sys.argv[4], "w").write("\n".join(out))
print("\n".join(out))
PY
