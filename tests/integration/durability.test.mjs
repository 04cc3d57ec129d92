// Nothing lost: programs and check-ins written while the server is killed with SIGKILL at
// random points are all there after a restart, on either store, and a SQLite database
// passes integrity_check. (A killed process loses nothing the kernel already has; this
// proves every acknowledged write was committed before it was acknowledged and that no kill
// leaves the file torn.) Then the SQLite file's failures: a locked database, a file that
// cannot grow and a read-only file give tool errors that say what to do, and the server
// keeps serving.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { BIN, INIT, POSTGRESQL, SOURCE_DIR, freshDatabase, query, tempDir } from "./harness.mjs";

const HEP = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));

// Starts the server on `db` with raw pipes and initializes it. `wrap` is shell run first;
// `bin` another copy of the binary.
async function open(db, wrap, bin = BIN) {
  const child = wrap
    ? spawn("bash", ["-c", `${wrap}; exec "$0" --db "$1"`, bin, db], { stdio: ["pipe", "pipe", "pipe"] })
    : spawn(bin, ["--db", db], { stdio: ["pipe", "pipe", "pipe"] });
  const state = { child, buffer: "", waiters: new Map(), stderr: "" };
  child.stdout.on("data", (chunk) => {
    state.buffer += chunk;
    let nl;
    while ((nl = state.buffer.indexOf("\n")) >= 0) {
      const message = JSON.parse(state.buffer.slice(0, nl));
      state.buffer = state.buffer.slice(nl + 1);
      state.waiters.get(message.id)?.(message);
    }
  });
  child.stderr.on("data", (c) => (state.stderr += c));
  state.exited = new Promise((r) => child.on("exit", (code, signal) => r({ code, signal })));
  let next = 1;
  state.request = (method, params) => {
    const id = next++;
    const answer = new Promise((resolve) => state.waiters.set(id, resolve));
    child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
    return answer;
  };
  state.call = (name, args) => state.request("tools/call", { name, arguments: args });
  state.waiters.set(0, () => {});
  child.stdin.write(JSON.stringify(INIT) + "\n");
  child.stdin.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
  return state;
}

test("SIGKILL at random points loses no acknowledged program or check-in", async () => {
  const db = freshDatabase(tempDir("ptmcp-durable-"));
  const programs = [];
  const checkins = [];
  let sent = 0;
  for (let round = 0; round < 8; round++) {
    const server = await open(db);
    const saved = await server.call("generate_hep", HEP);
    assert.ok(!saved.result.isError);
    programs.push(saved.result.structuredContent.program_id);
    const id = programs.at(-1);
    // Pipelined writes, then a kill while they are in flight: right after a random one of the
    // first answers arrives (so the kill always lands mid-stream, however fast or slow the
    // machine), or after ten seconds if the answers stop coming.
    const killAfter = 1 + Math.floor(Math.random() * 30);
    let answered = 0;
    const kill = () => server.child.kill("SIGKILL");
    const fallback = setTimeout(kill, 10_000);
    const inflight = [];
    for (let i = 0; i < 120; i++) {
      const n = sent++;
      const minute = String(n % 60).padStart(2, "0");
      const hour = String(Math.floor(n / 60) % 24).padStart(2, "0");
      const args = { program_id: id, message: `did 2 of 3, pain ${n % 8}/10 (#${n})`, received_at: `2026-11-25T${hour}:${minute}:00-05:00` };
      inflight.push(
        server.call("record_checkin", args).then((answer) => {
          if (answer.result && !answer.result.isError) checkins.push(args);
          if (++answered === killAfter) kill();
        }),
      );
    }
    const { signal } = await server.exited;
    clearTimeout(fallback);
    assert.equal(signal, "SIGKILL");
    await Promise.race([Promise.allSettled(inflight), new Promise((r) => setTimeout(r, 50))]);
  }
  assert.ok(checkins.length > 0, "some check-ins were acknowledged before the kills");
  assert.ok(checkins.length < sent, "the kills should land while writes are in flight");

  // A torn file is SQLite's failure; PostgreSQL's server outlives the killed ptmcp.
  if (!POSTGRESQL) assert.deepEqual(query(db, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
  const stored = new Set(query(db, "SELECT program_id || '|' || received_at || '|' || message AS c FROM checkins").map((r) => r.c));
  for (const c of checkins) assert.ok(stored.has(`${c.program_id}|${c.received_at}|${c.message}`), `lost ${JSON.stringify(c)}`);
  const ids = new Set(query(db, "SELECT id FROM programs").map((r) => r.id));
  for (const p of programs) assert.ok(ids.has(p), `lost program ${p}`);

  // And the server opens the database again and serves it.
  const server = await open(db);
  const review = await server.call("review_adherence", { program_id: programs[0], to: "2026-11-29" });
  assert.ok(!review.result.isError, JSON.stringify(review));
  server.child.kill("SIGTERM");
  await server.exited;
});

// A PostgreSQL server waits out a lock and has no file of its own to fill or make read-only;
// postgres_store.test.mjs covers that store's failures.
const SQLITE_FILE = POSTGRESQL && "locks, fills or write-protects the SQLite file, which the PostgreSQL store does not have";

test("a locked database is a tool error, and the server keeps serving", { skip: SQLITE_FILE }, async () => {
  const db = path.join(tempDir("ptmcp-locked-"), "t.db");
  const server = await open(db);
  const saved = await server.call("generate_hep", HEP);
  const id = saved.result.structuredContent.program_id;
  // Another process holds an exclusive lock (a backup tool, a second server gone wrong).
  const locker = spawn("python3", ["-c", `
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
con.execute("ROLLBACK")`, db], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise((r) => locker.stdout.once("data", r));
  const pending = server.call("record_checkin", { program_id: id, message: "DONE", received_at: "2026-11-25T07:00:00-05:00" });
  // While the write waits for the lock, the server still answers.
  const ping = await server.request("ping", {});
  assert.deepEqual(ping.result, {});
  const blocked = await pending;
  assert.equal(blocked.result.isError, true);
  assert.match(blocked.result.content[0].text, /locked/);
  assert.match(blocked.result.content[0].text, /try again/);
  locker.stdin.end();
  await new Promise((r) => locker.on("exit", r));
  const retried = await server.call("record_checkin", { program_id: id, message: "DONE", received_at: "2026-11-25T07:00:00-05:00" });
  assert.ok(!retried.result.isError, JSON.stringify(retried));
  server.child.kill("SIGTERM");
  await server.exited;
});

test("a database file that cannot grow (the disk is full) is a tool error, not a crash", { skip: SQLITE_FILE }, async () => {
  const db = path.join(tempDir("ptmcp-full-"), "t.db");
  // RLIMIT_FSIZE makes writes past 200 KiB fail as on a full disk (SIGXFSZ ignored, so the
  // write returns EFBIG instead of killing the process).
  const server = await open(db, "trap '' XFSZ; ulimit -f 200");
  let refused = null;
  for (let i = 0; i < 400 && !refused; i++) {
    const answer = await server.call("generate_hep", HEP);
    assert.ok(answer.result, `no result: ${JSON.stringify(answer)}`);
    if (answer.result.isError) refused = answer.result.content[0].text;
  }
  assert.ok(refused, "the file limit was never reached");
  assert.match(refused, /program store failed/);
  assert.match(refused, /nothing was saved/);
  assert.match(refused, /free some space, then try again/);
  // Still serving: reads work, and the database is intact.
  assert.deepEqual((await server.request("ping", {})).result, {});
  const search = await server.call("search_exercises", { query: "quad sets", limit: 1 });
  assert.ok(!search.result.isError);
  server.child.kill("SIGTERM");
  const { code } = await server.exited;
  assert.equal(code, 0);
  assert.deepEqual(query(db, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
});

test("a read-only database file is a tool error that says so, and the server keeps serving", { skip: SQLITE_FILE }, async () => {
  const dir = tempDir("ptmcp-readonly-");
  const db = path.join(dir, "t.db");
  const writer = await open(db);
  const saved = await writer.call("generate_hep", HEP);
  const id = saved.result.structuredContent.program_id;
  writer.child.kill("SIGTERM");
  await writer.exited;
  chmodSync(db, 0o444);
  chmodSync(dir, 0o555);
  // root ignores file permissions, so as root the server runs as nobody, from a copy of the
  // binary in the database's folder (root's, which nobody may read but not write).
  let wrap = "";
  let bin = BIN;
  if (process.getuid() === 0) {
    chmodSync(dir, 0o755);
    bin = path.join(dir, "ptmcp");
    copyFileSync(BIN, bin);
    chmodSync(bin, 0o755);
    wrap = "exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$0\" --db \"$1\"";
  }
  const server = await open(db, wrap, bin);
  try {
    const refused = await server.call("record_checkin", { program_id: id, message: "DONE", received_at: "2026-11-25T07:00:00-05:00" });
    assert.equal(refused.result.isError, true, JSON.stringify(refused));
    const text = refused.result.content[0].text;
    assert.match(text, /nothing was saved/);
    assert.match(text, /may not write its database file/);
    assert.doesNotMatch(text, /try again in a moment/);
    const revised = await server.call("generate_hep", { ...HEP, program_id: id });
    assert.equal(revised.result.isError, true);
    assert.match(revised.result.content[0].text, /may not write/);
    // Still serving: ping and the library answer.
    assert.deepEqual((await server.request("ping", {})).result, {});
    const search = await server.call("search_exercises", { query: "quad sets", limit: 1 });
    assert.ok(!search.result.isError);
  } finally {
    server.child.kill("SIGTERM");
  }
  const { code } = await server.exited;
  if (bin !== BIN) rmSync(bin);
  assert.equal(code, 0);
  // The file was left as it was.
  assert.deepEqual(query(db, "SELECT COUNT(*) AS n FROM checkins"), [{ n: 0 }]);
  assert.deepEqual(query(db, "SELECT COUNT(*) AS n FROM program_versions"), [{ n: 1 }]);
});
