// Shared helpers for the integration tests: where the binary is, the database each ptmcp
// process is given (on either store), and a raw line-level driver for the tests that must
// see exactly what the server writes.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const BIN = process.env.PTMCP_BIN;
if (!BIN) throw new Error("PTMCP_BIN must name the ptmcp binary (ctest sets it)");
export const SOURCE_DIR = process.env.PTMCP_SOURCE_DIR ?? path.resolve("../..");
export const BIN_DIR = path.resolve("node_modules/.bin");

export function tempDir(prefix = "ptmcp-") {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

// Debian's headless Chromium with a profile of its own, nothing fetched in the background.
export function chromium(args) {
  return spawnSync("chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${tempDir("ptmcp-chromium-")}`, ...args,
  ], { encoding: "utf8", timeout: 120000 });
}

// The store the suite runs on: SQLite files by default, PostgreSQL with
// PTMCP_TEST_STORE=postgresql (ctest's integration_pg.* runs). Anything else is a typo that
// would quietly test SQLite twice, so it stops the run.
const STORE = process.env.PTMCP_TEST_STORE || "sqlite";
if (!["sqlite", "postgresql"].includes(STORE)) {
  throw new Error(`PTMCP_TEST_STORE is "${STORE}": sqlite (the default) or postgresql`);
}
export const POSTGRESQL = STORE === "postgresql";

// One throwaway cluster per test file, started on first use: a file that never asks for a
// database (or runs on SQLite) starts none.
let cluster = null;
let databases = 0;

function pgBinary(name) {
  const root = "/usr/lib/postgresql";
  const dirs = process.env.PTMCP_PG_BINDIR ? [process.env.PTMCP_PG_BINDIR]
    : existsSync(root) ? readdirSync(root).sort().map((v) => path.join(root, v, "bin")) : [];
  return dirs.map((d) => path.join(d, name)).filter((f) => existsSync(f)).at(-1) ?? name;
}

function startCluster() {
  const script = path.join(SOURCE_DIR, "tests/tools/throwaway_postgres.sh");
  const folder = tempDir("ptmcp-pg-");  // its parent must be open to the cluster's user: /tmp
  // The script's watchdog stops the cluster when this process ends, even on a crash; the
  // exit hook stops it at once on a normal end, so no cluster outlives its test file.
  const started = spawnSync(script, ["start", folder, String(process.pid)], { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`throwaway_postgres.sh start failed (${started.status}): ${started.stderr}`);
  process.on("exit", () => spawnSync(script, ["stop", folder]));
  return { socket: started.stdout.trim(), psql: pgBinary("psql") };
}

// The database for one ptmcp process, as --db or PTMCP_DB takes it: a SQLite file `file` in
// `dir` (a new temporary folder if none), or under PTMCP_TEST_STORE=postgresql a new, empty
// database of its own in this file's cluster, so that no test sees another's programs on
// either store. Processes that must share a database are given the same value.
export function freshDatabase(dir, file = "t.db") {
  if (!POSTGRESQL) return path.join(dir ?? tempDir(), file);
  cluster ??= startCluster();
  const name = `t_${++databases}`;
  execFileSync(cluster.psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.socket, "-U", "ptmcp", "-d", "postgres",
    "-c", `CREATE DATABASE ${name}`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return `postgresql:///${name}?host=${cluster.socket}&user=ptmcp`;
}

// Runs one SELECT on a database freshDatabase gave (behind ptmcp's back, to check what it
// stored) and returns its rows as objects keyed by column name, in the query's order.
export function query(db, sql) {
  if (db.startsWith("postgresql:")) {
    // One JSON object per line; row_to_json keeps the columns in the query's order.
    const out = execFileSync(pgBinary("psql"), ["-X", "-tA", "-v", "ON_ERROR_STOP=1", db, "-c", `SELECT row_to_json(q) FROM (${sql}) q`],
      { encoding: "utf8" });
    return out.split("\n").filter(Boolean).map((line) => JSON.parse(line));
  }
  return JSON.parse(execFileSync("python3", ["-c", `
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
cur = con.execute(sys.argv[2])
cols = [d[0] for d in cur.description]
print(json.dumps([dict(zip(cols, r)) for r in cur.fetchall()]))`, db, sql], { encoding: "utf8" }));
}

export const INIT = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "raw-test", version: "1" },
  },
};

// Starts the binary with raw pipes. `lines` collects every stdout line; `waitFor(pred)`
// resolves with the first parsed message matching `pred`.
export function startRaw(args = ["--engine-fixtures"], env = {}) {
  const child = spawn(BIN, ["--db", freshDatabase(), ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const state = { child, stdout: "", stderr: "", lines: [], waiters: [] };
  child.stdout.on("data", (chunk) => {
    state.stdout += chunk.toString("utf8");
    let nl;
    while ((nl = state.stdout.indexOf("\n")) >= 0) {
      const line = state.stdout.slice(0, nl);
      state.stdout = state.stdout.slice(nl + 1);
      state.lines.push(line);
      const message = JSON.parse(line); // a line that is not JSON fails the test here
      for (const w of [...state.waiters]) {
        if (w.pred(message)) {
          state.waiters.splice(state.waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    }
  });
  child.stderr.on("data", (chunk) => (state.stderr += chunk.toString("utf8")));
  state.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  state.send = (data) =>
    child.stdin.write(typeof data === "string" || Buffer.isBuffer(data) ? data : JSON.stringify(data) + "\n");
  state.waitFor = (pred, ms = 5000) =>
    new Promise((resolve, reject) => {
      for (const line of state.lines) {
        const m = JSON.parse(line);
        if (pred(m)) return resolve(m);
      }
      const timer = setTimeout(() => reject(new Error("timed out waiting for a message")), ms);
      state.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  state.response = (id, ms) => state.waitFor((m) => m.id === id && !("method" in m), ms);
  return state;
}
