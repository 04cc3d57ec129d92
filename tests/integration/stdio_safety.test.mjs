// The security review's stdio findings over the real binary: notifications of any shape,
// end of input with writes in flight, oversized strings, completion totals, and storage
// failures reported as such.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, INIT, POSTGRESQL, SOURCE_DIR, freshDatabase, query, startRaw, tempDir } from "./harness.mjs";

const tka = () => JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));

async function ready(s) {
  s.send(INIT);
  await s.response(0);
  s.send({ jsonrpc: "2.0", method: "notifications/initialized" });
}

function dbOf(s) {
  return s.child.spawnargs[s.child.spawnargs.indexOf("--db") + 1];
}

test("notifications/cancelled without params, with null or mistyped params, do not stop the server", async () => {
  const s = startRaw([]);
  await ready(s);
  for (const params of [undefined, null, [], "x", 3, {}, { requestId: null }, { requestId: {} }, { requestId: [1] }, { requestId: 1.5 }]) {
    const message = { jsonrpc: "2.0", method: "notifications/cancelled" };
    if (params !== undefined) message.params = params;
    s.send(message);
    s.send({ jsonrpc: "2.0", method: "notifications/progress", ...(params === undefined ? {} : { params }) });
  }
  s.send({ jsonrpc: "2.0", id: "alive", method: "ping" });
  assert.deepEqual((await s.response("alive")).result, {});
  s.child.stdin.end();
  const { code, signal } = await s.exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
});

test("closing stdin with 200 check-ins in flight: every one that runs is answered, and the audit log agrees", async () => {
  const s = startRaw([]);
  await ready(s);
  s.send({ jsonrpc: "2.0", id: "hep", method: "tools/call", params: { name: "generate_hep", arguments: tka() } });
  const hep = await s.response("hep", 20000);
  const programId = hep.result.structuredContent.program_id;
  let batch = "";
  for (let i = 0; i < 200; i++) {
    const minute = String(i % 60).padStart(2, "0");
    const hour = String(8 + Math.floor(i / 60)).padStart(2, "0");
    const args = { program_id: programId, message: `done ${i}`, received_at: `${hep.result.structuredContent.visit_date ?? "2026-11-24"}T${hour}:${minute}:00-05:00` };
    batch += JSON.stringify({ jsonrpc: "2.0", id: 1000 + i, method: "tools/call", params: { name: "record_checkin", arguments: args } }) + "\n";
  }
  s.send(batch);
  s.child.stdin.end();
  await s.exited;
  const answered = s.lines.map((l) => JSON.parse(l)).filter((m) => typeof m.id === "number" && m.id >= 1000);
  // Requests already running get 5 s to finish and are answered; what had not started by
  // then never runs. On a fast build that is all 200; under the sanitizers fewer may run, but
  // never one that goes unanswered.
  assert.ok(answered.length > 0, "check-ins read before the end of input are answered");
  const rows = query(dbOf(s), "SELECT outcome, count(*) AS n FROM audit_log WHERE tool = 'record_checkin' GROUP BY outcome");
  const audited = rows.reduce((n, row) => n + Number(row.n), 0);
  assert.equal(audited, answered.length, `the audit log agrees with the answers: ${JSON.stringify(rows)}`);
  const stored = Number(query(dbOf(s), "SELECT count(*) AS n FROM checkins")[0].n);
  const refused = answered.filter((m) => m.result?.isError).length;
  assert.equal(stored + refused, answered.length, "what was stored and what was refused add up to what was answered");
});

test("an oversized string in a well-formed request is refused with the request's id", async () => {
  const s = startRaw([]);
  await ready(s);
  s.send(JSON.stringify({ jsonrpc: "2.0", id: "big", method: "tools/call", params: { name: "audit_hep", arguments: { text: "x".repeat((1 << 20) + 10) } } }) + "\n");
  const m = await s.response("big");
  assert.equal(m.error.code, -32600);
  assert.match(m.error.message, /longer than 1048576 bytes/);
  s.child.stdin.end();
  await s.exited;
});

test("ptmcp call with an oversized argument prints the size error", () => {
  const dir = tempDir();
  const args = path.join(dir, "args.json");
  writeFileSync(args, JSON.stringify({ text: "x".repeat((1 << 20) + 10) }));
  const r = spawnSync(BIN, ["--db", freshDatabase(dir), "call", "audit_hep", "--args", args], { encoding: "utf8" });
  assert.equal(r.status, 2);
  const error = JSON.parse(r.stdout);
  assert.equal(error.code, -32600);
  assert.match(error.message, /longer than/);
});

test("completion over more than 100 programs reports the true total and hasMore", async () => {
  const s = startRaw([]);
  await ready(s);
  const request = tka();
  request.formats = ["markdown"];
  let batch = "";
  for (let i = 0; i < 105; i++) batch += JSON.stringify({ jsonrpc: "2.0", id: `g${i}`, method: "tools/call", params: { name: "generate_hep", arguments: request } }) + "\n";
  s.send(batch);
  try {
    // Several workers answer out of order: wait for every program, not only the last sent.
    for (let i = 0; i < 105; i++) await s.response(`g${i}`, 60000);
    s.send({ jsonrpc: "2.0", id: "c", method: "completion/complete", params: { ref: { type: "ref/resource", uri: "ptmcp://programs/{program_id}" }, argument: { name: "program_id", value: "p-" } } });
    const c = await s.response("c");
    assert.equal(c.result.completion.values.length, 100);
    assert.equal(c.result.completion.total, 105);
    assert.equal(c.result.completion.hasMore, true);
  } finally {
    s.child.stdin.end(); // a failed assertion must not leave the server waiting for input
  }
  await s.exited;
});

// Both are about the SQLite file itself; a PostgreSQL database that cannot be reached is
// postgres_store.test.mjs's.
const SQLITE_FILE = POSTGRESQL && "overwrites or deletes the SQLite file, which the PostgreSQL store does not have";

test("a database that cannot be read gives storage errors, not 'not found' or empty completions", { skip: SQLITE_FILE }, async () => {
  const s = startRaw([]);
  writeFileSync(dbOf(s), "n".repeat(8192)); // not a database; the store opens it on first use
  await ready(s);
  s.send({ jsonrpc: "2.0", id: "r", method: "resources/read", params: { uri: "ptmcp://programs/p-abcdefghij" } });
  const r = await s.response("r");
  assert.equal(r.error.code, -32603, JSON.stringify(r));
  assert.match(r.error.message, /cannot be read now.*backup/);
  s.send({ jsonrpc: "2.0", id: "c", method: "completion/complete", params: { ref: { type: "ref/resource", uri: "ptmcp://programs/{program_id}" }, argument: { name: "program_id", value: "" } } });
  const c = await s.response("c");
  assert.equal(c.error.code, -32603, JSON.stringify(c));
  s.child.stdin.end();
  await s.exited;
});

test("a check-in after the database file was deleted is refused, not acknowledged", { skip: SQLITE_FILE }, async () => {
  const s = startRaw([]);
  await ready(s);
  s.send({ jsonrpc: "2.0", id: "hep", method: "tools/call", params: { name: "generate_hep", arguments: tka() } });
  const programId = (await s.response("hep", 20000)).result.structuredContent.program_id;
  const db = dbOf(s);
  assert.equal(statSync(db).mode & 0o777, 0o600, "the database is the owner's only");
  assert.equal(statSync(path.dirname(db)).mode & 0o077, 0, "the data folder is private");
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  s.send({ jsonrpc: "2.0", id: "ci", method: "tools/call", params: { name: "record_checkin", arguments: { program_id: programId, message: "done", received_at: "2026-11-24T08:00:00-05:00" } } });
  const r = await s.response("ci");
  assert.equal(r.result.isError, true, JSON.stringify(r));
  assert.match(r.result.content[0].text, /deleted or moved/);
  s.child.stdin.end();
  await s.exited;
});
