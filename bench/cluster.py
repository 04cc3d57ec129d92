#!/usr/bin/env python3
"""Check-ins per second through nginx with one, two and three stateless instances sharing a
PostgreSQL database, against one instance on a SQLite file (directly and through nginx).

For each configuration: a fresh database (a new file, or a new throwaway cluster from
tests/tools/throwaway_postgres.sh), the instances (`serve --http --stateless`), nginx over
them with the round-robin setup the README shows, P programs made with generate_hep, then
C client threads on keep-alive connections sending record_checkin calls, each with its own
text and time, and the wall time, p50 and p99 of the timed calls.

The throwaway cluster has fsync off for the tests; here it is on, so that a PostgreSQL
check-in waits for the disk as a SQLite one does (synchronous=FULL).

Prints JSON. Usage: cluster.py PTMCP [--checkins N] [--clients C] [--programs P]
                    [--warmup W] [--instances 1,2,3] [--nginx /usr/sbin/nginx]"""
import argparse, datetime, http.client, json, os, re, shutil, subprocess, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
POSTGRES = os.path.join(HERE, "..", "tests", "tools", "throwaway_postgres.sh")
TKA = os.path.join(HERE, "..", "tests", "data", "cases", "hep_post_tka.json")
# What the SDK client sends on every request once it knows the protocol version; a
# stateless server needs no initialize before a tools/call.
HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
           "MCP-Protocol-Version": "2025-11-25"}
EST = datetime.timezone(datetime.timedelta(hours=-5))
# The programs start yesterday and the check-ins come from yesterday morning on, a second
# apart: never ahead of the clock, never before the program (both refused).
YESTERDAY = datetime.datetime.now(EST).date() - datetime.timedelta(days=1)
BASE = datetime.datetime.combine(YESTERDAY, datetime.time(7, 0), EST)


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def call(conn, i, name, arguments):
    body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments}})
    conn.request("POST", "/mcp", body, HEADERS)
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError(f"{name}: HTTP {r.status}: {data[:200]!r}")
    result = json.loads(data)["result"]
    if result.get("isError"):
        raise RuntimeError(f"{name}: {result['content'][0]['text'][:300]}")
    return result["structuredContent"]


def checkin(programs, n):
    # Spread over many programs, as a clinic's messages are: record_checkin reads the
    # program's earlier check-ins, so thousands on one program would measure that instead.
    at = BASE + datetime.timedelta(seconds=n)
    return {"program_id": programs[n % len(programs)], "message": f"did all 3, pain 2/10 (#{n})",
            "received_at": at.isoformat(timespec="seconds")}


class Instance:
    def __init__(self, ptmcp, db):
        self.proc = subprocess.Popen([ptmcp, "--db", db, "serve", "--http", "--stateless",
                                      "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.port = None
        deadline = time.monotonic() + 30
        while self.port is None:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                raise RuntimeError(f"ptmcp exited ({self.proc.returncode})")
            m = re.search(r"serving MCP at http://127\.0\.0\.1:(\d+)/mcp", line)
            if m:
                self.port = int(m.group(1))
            if time.monotonic() > deadline:
                raise RuntimeError("ptmcp did not start")
        # Drained from here on, so that a warning never blocks the server on a full pipe.
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Nginx:
    """The README's round-robin setup, loopback only, in a folder of its own."""

    def __init__(self, binary, ports, folder):
        self.port = free_port()
        conf = os.path.join(folder, "nginx.conf")
        servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
        with open(conf, "w") as f:
            f.write(f"""
daemon off;
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  upstream ptmcp {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location /mcp {{
      proxy_pass http://ptmcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
    }}
  }}
}}
""")
        # A process group of its own: the master and its workers are stopped together.
        self.proc = subprocess.Popen([binary, "-p", folder, "-e", os.path.join(folder, "error.log"),
                                      "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("POST", "/mcp", json.dumps({"jsonrpc": "2.0", "id": 0, "method": "ping"}), HEADERS)
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not start")
            time.sleep(0.05)

    def stop(self):
        os.killpg(self.proc.pid, 15)
        self.proc.wait(timeout=10)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    def __init__(self, folder):
        self.folder = folder
        socket_dir = subprocess.run([POSTGRES, "start", folder, str(os.getpid())], check=True,
                                    capture_output=True, text=True,
                                    env=dict(os.environ, PTMCP_PG_FSYNC="on")).stdout.strip()
        self.uri = f"postgresql:///postgres?host={socket_dir}&user=ptmcp"
        shown = subprocess.run(["psql", self.uri, "-tAc", "SHOW fsync"], check=True,
                               capture_output=True, text=True).stdout.strip()
        if shown != "on":
            raise RuntimeError(f"PostgreSQL has fsync {shown}")

    def stop(self):
        subprocess.run([POSTGRES, "stop", self.folder], capture_output=True)


def load(port, clients, checkins, warmup, programs):
    """C threads, one keep-alive connection each; `warmup` untimed calls each (connections
    to the database opened, caches warm), then all start the timed calls together."""
    per_client = checkins // clients
    latencies, errors, lock = [], [], threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        first = k * (per_client + warmup)
        mine = []
        try:
            for n in range(first, first + warmup):
                call(conn, n, "record_checkin", checkin(programs, n))
            barrier.wait()
            for n in range(first + warmup, first + warmup + per_client):
                t = time.perf_counter()
                answer = call(conn, n, "record_checkin", checkin(programs, n))
                mine.append(time.perf_counter() - t)
                if answer.get("duplicate"):
                    raise RuntimeError(f"check-in #{n} taken for a duplicate")
        except Exception as e:  # reported, and the figures refused
            with lock:
                errors.append(str(e))
            barrier.abort()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        pass
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[0])
    return {"checkins": len(latencies), "seconds": round(elapsed, 3),
            "per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(pct(latencies, 50) * 1e3, 2), "p99_ms": round(pct(latencies, 99) * 1e3, 2)}


def run(a, store, instances, proxied):
    with tempfile.TemporaryDirectory(prefix="ptmcp-bench-") as tmp:
        os.chmod(tmp, 0o755)  # the cluster's user (nobody, under root) must reach its folder
        started, pg, nginx = [], None, None
        try:
            if store == "postgresql":
                pg = Postgres(os.path.join(tmp, "pg"))
                db = pg.uri
            else:
                db = os.path.join(tmp, "bench.db")
            started = [Instance(a.ptmcp, db) for _ in range(instances)]
            if proxied:
                os.mkdir(os.path.join(tmp, "nginx"))
                nginx = Nginx(a.nginx, [s.port for s in started], os.path.join(tmp, "nginx"))
                port = nginx.port
            else:
                port = started[0].port
            with open(TKA) as f:
                case = json.load(f)
            case["visit"]["date"] = YESTERDAY.isoformat()
            case["visit"]["next_visit"] = (YESTERDAY + datetime.timedelta(days=7)).isoformat()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            programs = [call(conn, i, "generate_hep", case)["program_id"] for i in range(a.programs)]
            conn.close()
            figures = load(port, a.clients, a.checkins, a.warmup, programs)
        finally:
            if nginx:
                nginx.stop()
            for s in started:
                s.stop()
            if pg:
                pg.stop()
    return {"store": store, "instances": instances, "through_nginx": proxied,
            "clients": a.clients, "programs": a.programs, **figures}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ptmcp")
    ap.add_argument("--checkins", type=int, default=4000, help="timed check-ins per configuration")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--programs", type=int, default=50, help="programs the check-ins are spread over")
    ap.add_argument("--warmup", type=int, default=10, help="untimed check-ins per client first")
    ap.add_argument("--instances", default="1,2,3", help="PostgreSQL configurations to run")
    ap.add_argument("--nginx", default="/usr/sbin/nginx")
    a = ap.parse_args()
    have_nginx = shutil.which(a.nginx) is not None
    # The script's own check: 69 when there are no server binaries (64 here otherwise: no folder).
    have_pg = subprocess.run([POSTGRES, "start"], capture_output=True).returncode != 69
    plan = [("sqlite", 1, False)]
    if have_nginx:
        plan.append(("sqlite", 1, True))
        if have_pg:
            plan += [("postgresql", int(n), True) for n in a.instances.split(",")]
    skipped = []
    if not have_nginx:
        skipped.append(f"no nginx at {a.nginx}: only SQLite, directly")
    elif not have_pg:
        skipped.append("no PostgreSQL server binaries: no PostgreSQL configurations")
    results = [run(a, *p) for p in plan]
    print(json.dumps({"cores": len(os.sched_getaffinity(0)), "configurations": results, "skipped": skipped}, indent=2))


if __name__ == "__main__":
    main()
