#!/usr/bin/env python3
"""The wire benchmark: the real binary over stdio (one request at a time, and pipelined)
and over HTTP (concurrent clients), against a line-echo process as the floor; start-up
time to the initialize answer; resident memory idle and after 10,000 calls; with --portable,
start-up and idle memory of the portable binary the packages ship.
Prints JSON. Usage: wire.py PTMCP LINE_ECHO [--calls N] [--clients C] [--portable BINARY]"""
import argparse, http.client, json, os, re, statistics, subprocess, tempfile, threading, time

INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                   "clientInfo": {"name": "bench", "version": "1"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
CALL = {"name": "search_exercises", "arguments": {"query": "quad sets", "limit": 3}}


def request(i):
    return json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": CALL}) + "\n"


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Stdio:
    def __init__(self, argv):
        # Buffered reads: an unbuffered pipe would make readline() one syscall per byte.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.out = self.proc.stdout

    def send(self, line):
        self.proc.stdin.write(line.encode())
        self.proc.stdin.flush()

    def read(self):
        return self.out.readline()

    def initialize(self):
        self.send(json.dumps(INIT) + "\n")
        self.read()
        self.send(json.dumps(INITIALIZED) + "\n")

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def stdio_run(argv, calls):
    s = Stdio(argv)
    s.initialize()
    latencies = []
    start = time.perf_counter()
    for i in range(1, calls + 1):
        t = time.perf_counter()
        s.send(request(i))
        s.read()
        latencies.append(time.perf_counter() - t)
    sequential = time.perf_counter() - start
    # Pipelined: a writer thread sends everything while this thread reads the answers.
    lines = [request(i) for i in range(calls + 1, 2 * calls + 1)]
    start = time.perf_counter()
    writer = threading.Thread(target=lambda: [s.send(l) for l in lines])
    writer.start()
    for _ in lines:
        s.read()
    pipelined = time.perf_counter() - start
    writer.join()
    rss = s.rss_kib()
    s.close()
    return {"calls": calls, "p50_us": pct(latencies, 50) * 1e6, "p99_us": pct(latencies, 99) * 1e6,
            "sequential_per_s": calls / sequential, "pipelined_per_s": calls / pipelined,
            "rss_after_kib": rss}


def startup(argv, runs=10):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        s = Stdio(argv)
        s.send(json.dumps(INIT) + "\n")
        s.read()
        times.append(time.perf_counter() - t)
        s.close()
    return statistics.median(times) * 1e3


def memory(argv, calls=10000):
    s = Stdio(argv)
    s.initialize()
    idle = s.rss_kib()
    writer = threading.Thread(target=lambda: [s.send(request(i)) for i in range(1, calls + 1)])
    writer.start()
    for _ in range(calls):
        s.read()
    writer.join()
    after = s.rss_kib()
    s.close()
    return idle, after


def http_run(ptmcp, db, clients, calls):
    server = subprocess.Popen([ptmcp, "--db", db, "serve", "--http", "--listen", "127.0.0.1:0",
                               "--threads", str(max(8, clients))],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    port = None
    while port is None:
        m = re.search(r"127\.0\.0\.1:(\d+)/mcp", server.stderr.readline())
        if m:
            port = int(m.group(1))
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    latencies, lock = [], threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("POST", "/mcp", json.dumps(INIT), headers)
        r = conn.getresponse()
        r.read()
        h = dict(headers, **{"Mcp-Session-Id": r.getheader("Mcp-Session-Id")})
        conn.request("POST", "/mcp", json.dumps(INITIALIZED), h)
        conn.getresponse().read()
        mine = []
        for i in range(1, calls + 1):
            t = time.perf_counter()
            conn.request("POST", "/mcp", request(i), h)
            conn.getresponse().read()
            mine.append(time.perf_counter() - t)
        conn.request("DELETE", "/mcp", headers=h)
        conn.getresponse().read()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    server.terminate()
    server.wait(timeout=10)
    return {"clients": clients, "calls": clients * calls, "p50_us": pct(latencies, 50) * 1e6,
            "p99_us": pct(latencies, 99) * 1e6, "per_s": clients * calls / elapsed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ptmcp")
    ap.add_argument("line_echo")
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--portable", help="the portable binary the packages ship: start-up and memory")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        ptmcp = [a.ptmcp, "--db", db]
        idle, after = memory(ptmcp)
        portable = {}
        if a.portable:
            portable_argv = [a.portable, "--db", os.path.join(tmp, "portable.db")]
            portable_idle, _ = memory(portable_argv, calls=1)
            portable = {"startup_ms": startup(portable_argv), "rss_idle_kib": portable_idle}
        print(json.dumps({
            "stdio": stdio_run(ptmcp, a.calls),
            "stdio_floor": stdio_run([a.line_echo], a.calls),
            "http": http_run(a.ptmcp, db, a.clients, a.calls // a.clients),
            "startup_ms": startup(ptmcp),
            "startup_floor_ms": startup([a.line_echo]),
            "rss_idle_kib": idle,
            "rss_after_10000_kib": after,
            "portable": portable,
        }, indent=2))


if __name__ == "__main__":
    main()
