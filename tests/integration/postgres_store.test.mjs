// The PostgreSQL store through the official TypeScript SDK client: ptmcp processes given
// --db postgresql://... (or PTMCP_DB) share one database in a throwaway cluster, so what one
// writes the others read, revisions from two at once never share a version number, and a
// database that cannot be reached is an isError finding that says what to do.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, tempDir } from "./harness.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
const SAMPLE = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/checkins_sample.json"), "utf8"));
const SCRIPT = path.join(SOURCE_DIR, "tests/tools/throwaway_postgres.sh");
const CLUSTER = tempDir("ptmcp-pg-");  // its parent must be open to the cluster's user: /tmp

let DB;
before(() => {
  // The script's watchdog stops the cluster when this process ends, even on a crash.
  const started = spawnSync(SCRIPT, ["start", CLUSTER, String(process.pid)], { encoding: "utf8" });
  assert.equal(started.status, 0, started.stderr);
  DB = `postgresql:///postgres?host=${started.stdout.trim()}&user=ptmcp`;
});
after(() => {
  spawnSync(SCRIPT, ["stop", CLUSTER], { encoding: "utf8" });
});

async function connect({ db = DB, viaEnvironment = false } = {}) {
  const client = new Client({ name: "ptmcp-postgres-tests", version: "1.0.0" });
  const transport = viaEnvironment
    ? new StdioClientTransport({ command: BIN, args: [], env: { ...process.env, PTMCP_DB: db }, stderr: "pipe" })
    : new StdioClientTransport({ command: BIN, args: ["--db", db], stderr: "pipe" });
  await client.connect(transport);
  return client;
}

const record = (c, id, message, received_at) =>
  c.callTool({ name: "record_checkin", arguments: { program_id: id, message, received_at } });

test("what one ptmcp writes another reads: the sample week, reviewed elsewhere", async () => {
  const [writer, reader] = await Promise.all([connect(), connect({ viaEnvironment: true })]);
  const made = await writer.callTool({ name: "generate_hep", arguments: TKA });
  assert.equal(made.isError, false, made.content?.[0]?.text);
  const id = made.structuredContent.program_id;
  for (const { message, received_at } of SAMPLE.messages) {
    const r = await record(reader, id, message, received_at);
    assert.equal(r.isError, false, message);
  }
  // A gateway sending a message twice: the second is the same check-in.
  const first = SAMPLE.messages[0];
  const again = await record(writer, id, first.message, first.received_at);
  assert.equal(again.structuredContent.duplicate, true);
  const review = await writer.callTool({ name: "review_adherence", arguments: { program_id: id, from: "2026-11-24", to: "2026-11-29" } });
  assert.equal(review.isError, false);
  const s = review.structuredContent;
  // The same figures as over SQLite (checkins.test.mjs): 2.5 of 5, opted out on Saturday.
  assert.equal(s.scheduled_sessions, 5);
  assert.equal(s.sessions_done, 2.5);
  assert.equal(s.adherence_percent, 50);
  assert.deepEqual(s.missed_dates, ["2026-11-26", "2026-11-28"]);
  assert.deepEqual(s.opt_out, { opted_out: true, since: "2026-11-28", stops_in_period: 1 });
  const found = await reader.callTool({ name: "find_programs", arguments: {} });
  assert.equal(found.isError, false, found.content?.[0]?.text);
  assert.ok(JSON.stringify(found.structuredContent).includes(id));
  const page = await reader.readResource({ uri: `ptmcp://programs/${id}/page.html` });
  assert.match(page.contents[0].text, /<html/i);
  await Promise.all([writer.close(), reader.close()]);
  // The audit log is in the shared database too: one row per call, never the text.
  const audit = spawnSync("psql", [DB, "-tAF", "|", "-c", `SELECT tool, outcome FROM audit_log WHERE program_id = '${id}'`], { encoding: "utf8" });
  assert.equal(audit.status, 0, audit.stderr);
  const rows = audit.stdout.trim().split("\n").map((l) => l.split("|"));
  assert.equal(rows.filter(([tool]) => tool === "record_checkin").length, SAMPLE.messages.length + 1);
  assert.ok(rows.some(([tool, outcome]) => tool === "generate_hep" && outcome === "saved v1"), audit.stdout);
  const all = spawnSync("psql", [DB, "-tA", "-c", "SELECT at || tool || coalesce(program_id, '') || outcome FROM audit_log"], { encoding: "utf8" }).stdout;
  for (const { message } of SAMPLE.messages) assert.ok(!all.includes(message), "patient text in the audit log");
});

test("two ptmcp processes revising one program at once never make two of one version", async () => {
  const [a, b] = await Promise.all([connect(), connect()]);
  const id = (await a.callTool({ name: "generate_hep", arguments: TKA })).structuredContent.program_id;
  const revise = (c) => c.callTool({ name: "generate_hep", arguments: { ...TKA, program_id: id } });
  const sends = [];
  for (let i = 0; i < 10; i++) {
    sends.push(revise(a), revise(b));
    const minute = String(i).padStart(2, "0");
    sends.push(record(a, id, `done ${i}`, `2026-11-24T07:${minute}:00-05:00`));
    sends.push(record(b, id, `done ${i}`, `2026-11-24T08:${minute}:00-05:00`));
  }
  const results = await Promise.all(sends);
  for (const r of results) assert.equal(r.isError, false, r.content?.[0]?.text);
  const versions = results.filter((r) => "version" in r.structuredContent && !("checkin_id" in r.structuredContent))
    .map((r) => r.structuredContent.version).sort((x, y) => x - y);
  assert.deepEqual(versions, Array.from({ length: 20 }, (_, i) => i + 2));
  const checkinIds = new Set(results.filter((r) => "checkin_id" in r.structuredContent).map((r) => r.structuredContent.checkin_id));
  assert.equal(checkinIds.size, 20);
  const review = await b.callTool({ name: "review_adherence", arguments: { program_id: id, from: "2026-11-24", to: "2026-11-24" } });
  assert.equal(review.structuredContent.checkins, 20);
  await Promise.all([a.close(), b.close()]);
});

test("a database that cannot be reached is an isError finding that says what to do", async () => {
  const c = await connect({ db: `postgresql:///postgres?host=${tempDir()}&user=ptmcp` });
  const r = await c.callTool({ name: "generate_hep", arguments: TKA });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /cannot be reached/);
  assert.match(r.content[0].text, /PostgreSQL server is running/);
  // The server is still there for the next call.
  const search = await c.callTool({ name: "search_exercises", arguments: { query: "knee" } });
  assert.equal(search.isError, false);
  await c.close();
});

test("a clinic's SQLite file moves to PostgreSQL with db export and db import, and reads the same", async () => {
  const dir = tempDir();
  const file = path.join(dir, "clinic.db");
  const before = await connect({ db: file });
  const id = (await before.callTool({ name: "generate_hep", arguments: TKA })).structuredContent.program_id;
  for (const { message, received_at } of SAMPLE.messages) await record(before, id, message, received_at);
  await before.close();

  const cli = (db, ...args) => spawnSync(BIN, ["--db", db, "db", ...args], { encoding: "utf8", timeout: 60000 });
  assert.match(cli(file, "status").stdout, /up to date/);
  const exported = cli(file, "export", "--out", path.join(dir, "clinic.jsonl"));
  assert.equal(exported.status, 0, exported.stderr);
  const made = spawnSync("psql", [DB, "-qc", "CREATE DATABASE moved"], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const target = DB.replace("/postgres?", "/moved?");
  assert.match(cli(target, "status").stdout, /Schema step 0 of/);
  const imported = cli(target, "import", path.join(dir, "clinic.jsonl"));
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`Imported 1 programs, 1 versions, ${SAMPLE.messages.length} check-ins, 1 opt-outs`));
  assert.match(cli(target, "status").stdout, /up to date/);

  const [a, b] = await Promise.all([connect({ db: file }), connect({ db: target })]);
  const review = { name: "review_adherence", arguments: { program_id: id, from: "2026-11-24", to: "2026-11-29" } };
  const [ra, rb] = await Promise.all([a.callTool(review), b.callTool(review)]);
  assert.equal(ra.isError, false);
  assert.deepEqual(rb.structuredContent, ra.structuredContent);
  const [fa, fb] = await Promise.all([a.callTool({ name: "find_programs", arguments: {} }), b.callTool({ name: "find_programs", arguments: {} })]);
  assert.deepEqual(fb.structuredContent, fa.structuredContent);
  const uri = `ptmcp://programs/${id}`;
  const [pa, pb] = await Promise.all([a.readResource({ uri }), b.readResource({ uri })]);
  assert.deepEqual(pb.contents, pa.contents);
  await Promise.all([a.close(), b.close()]);
});

test("ptmcp refuses a PostgreSQL database set up by a newer ptmcp", async () => {
  const made = spawnSync("psql", [DB, "-qc", "CREATE DATABASE newer"], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const newer = DB.replace("/postgres?", "/newer?");
  assert.equal(spawnSync(BIN, ["--db", newer, "db", "migrate"]).status, 0);
  const bumped = spawnSync("psql", [newer, "-qc", "INSERT INTO schema_migrations VALUES (999, '2099-01-01T00:00:00Z')"], { encoding: "utf8" });
  assert.equal(bumped.status, 0, bumped.stderr);
  const status = spawnSync(BIN, ["--db", newer, "db", "status"], { encoding: "utf8" });
  assert.equal(status.status, 65);
  assert.match(status.stdout, /set up by a newer ptmcp \(schema step 999/);
  const c = await connect({ db: newer });
  const r = await c.callTool({ name: "generate_hep", arguments: TKA });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /newer ptmcp/);
  await c.close();
});
