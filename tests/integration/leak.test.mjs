// Nothing leaked: every tool runs with sentinel patient text (names, messages, notes,
// handouts) at the most verbose log level, over stdio and over HTTP, valid and invalid, and
// none of it may appear in the logs or in a protocol error. The audit log must hold one
// row per tool call (time, tool, program id, outcome) and no text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { BIN, SOURCE_DIR, freshDatabase, query, tempDir } from "./harness.mjs";

const MARK = "ZQX"; // every sentinel starts with it; nothing else in ptmcp does
const readCase = (name) => JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases", name), "utf8"));

// Every tool, with patient text carrying the mark, and a few calls that must fail.
async function exercise(client) {
  const hep = readCase("hep_post_tka.json");
  hep.patient.name = `${MARK}name`;
  hep.patient.caregiver = `her son ${MARK}caregiver`;
  hep.exercises[0].description = hep.exercises[0].description.replace(/\.$/, ` ${MARK}description.`);
  hep.milestone = hep.milestone.replace(/\.?$/, ` ${MARK}milestone.`);
  const saved = await client.callTool({ name: "generate_hep", arguments: hep });
  assert.ok(!saved.isError, JSON.stringify(saved.content));
  const id = saved.structuredContent.program_id;
  const calls = [
    ["record_checkin", { program_id: id, message: `${MARK}message did 2, calf is red and swollen, pain 6/10`, received_at: "2026-11-25T07:45:00-05:00" }],
    ["record_checkin", { program_id: id, message: `DONE ${MARK}done`, received_at: "2026-11-26T07:45:00-05:00" }],
    ["review_adherence", { program_id: id, to: "2026-11-29" }],
    ["draft_progress_note", { ...readCase("progress_note_sample.json"), program_id: id, patient: { name: `${MARK}patient` }, subjective: `${MARK}subjective walks to the kitchen.` }],
    ["search_exercises", { query: `${MARK}query knee` }],
    ["find_programs", { first_name: `${MARK}name`, condition: `${MARK}condition` }],
    ["generate_hep", { ...hep, program_id: id, patient: { name: `${MARK}other` } }],  // another patient
    ["audit_hep", { text: `${MARK}handout ${readFileSync(path.join(SOURCE_DIR, "tests/data/cases/legacy_handout.txt"), "utf8")}` }],
    // Refused by the schema or by the checks:
    ["generate_hep", { ...hep, exercises: [] }],
    ["record_checkin", { program_id: `p-${MARK.toLowerCase()}nope`, message: `${MARK}orphan`, received_at: "2026-11-25T07:45:00-05:00" }],
    ["draft_progress_note", { patient: { name: 42 }, subjective: `${MARK}badnote` }],
    ["find_programs", { first_name: `${MARK}name`, cursor: `${MARK}cursor` }],
  ];
  for (const [name, args] of calls) await client.callTool({ name, arguments: args });
  // Protocol failures whose params carry patient text.
  const errors = [];
  for (const request of [
    { method: "tools/call", params: { name: `${MARK}tool`, arguments: { text: `${MARK}args` } } },
    { method: "prompts/get", params: { name: "hep_end_of_visit", arguments: { patient_name: 7, condition: `${MARK}cond` } } },
    { method: "resources/read", params: { uri: `ptmcp://programs/${MARK}uri` } },
    { method: `${MARK}method/nope`, params: { note: `${MARK}param` } },
  ]) {
    try {
      await client.request(request, (await import("@modelcontextprotocol/sdk/types.js")).ResultSchema);
    } catch (e) {
      errors.push(String(e.message));
    }
  }
  return { id, errors };
}

// Error messages may name what the client sent as a method, tool, prompt or URI (that is
// the client's own vocabulary), but never the text inside arguments.
function assertNoArgumentTextIn(errors) {
  for (const e of errors) {
    for (const secret of ["args", "cond", "param"]) assert.ok(!e.includes(`${MARK}${secret}`), `a protocol error echoed argument text: ${e}`);
  }
}

// Every column of every row, in the order written (id counts up on both stores).
function auditRows(db) {
  const rows = query(db, "SELECT * FROM audit_log ORDER BY id");
  return { cols: Object.keys(rows[0] ?? {}), rows };
}

test("over stdio at trace level: no patient text in the logs, errors or audit log", async () => {
  const db = freshDatabase(tempDir("ptmcp-leak-"));
  const transport = new StdioClientTransport({ command: BIN, args: ["--db", db, "--log-level", "trace"], stderr: "pipe" });
  let stderr = "";
  transport.stderr.on("data", (c) => (stderr += c));
  const client = new Client({ name: "leak-test", version: "1" });
  await client.connect(transport);
  await client.setLoggingLevel("debug");
  const logged = [];
  client.setNotificationHandler((await import("@modelcontextprotocol/sdk/types.js")).LoggingMessageNotificationSchema, (n) => logged.push(JSON.stringify(n.params)));
  const { id, errors } = await exercise(client);
  await client.close();

  const callLines = stderr.split("\n").filter((l) => l.includes("tools/call "));
  assert.ok(callLines.length >= 10, `the log names every call:\n${stderr}`);
  assert.ok(!stderr.includes(MARK), `patient text in stderr:\n${stderr.split("\n").filter((l) => l.includes(MARK)).join("\n")}`);
  assert.ok(logged.length > 0, "log notifications were sent");
  assert.ok(!logged.some((l) => l.includes(MARK)), "patient text in a log notification");
  assert.equal(errors.length, 4);
  assertNoArgumentTextIn(errors);

  const { cols, rows } = auditRows(db);
  assert.deepEqual(cols.filter((c) => c !== "id"), ["at", "tool", "program_id", "outcome"]);
  assert.equal(rows.length, 13, "one row per call that reached a tool");
  for (const row of rows) {
    assert.match(row.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(["generate_hep", "record_checkin", "review_adherence", "draft_progress_note", "search_exercises", "audit_hep", "find_programs"].includes(row.tool));
    assert.ok(row.program_id === null || /^p-[a-z0-9]+$/.test(row.program_id));
    assert.match(row.outcome, /^(ok|refused|(saved|previewed) v\d+|escalated (emergency|urgent|same_day))$/);
    assert.ok(!JSON.stringify(row).includes(MARK) && !JSON.stringify(row).toLowerCase().includes("zqx"));
  }
  assert.deepEqual(rows[0], { ...rows[0], tool: "generate_hep", program_id: id, outcome: "saved v1" });
  // Saved, two check-ins, the review, the note, and the refused revision for another patient.
  assert.equal(rows.filter((r) => r.program_id === id).length, 6, "the calls about the program name it");
  // No exercises, an unknown program, a bad note, another patient, a bad cursor.
  assert.equal(rows.filter((r) => r.outcome === "refused").length, 5);
  assert.ok(rows.some((r) => r.tool === "record_checkin" && r.outcome.startsWith("escalated ")), "the red flag's escalation is audited");
});

test("over HTTP at trace level: no patient text in the server's logs or errors", async () => {
  const server = spawn(BIN, ["--db", freshDatabase(tempDir("ptmcp-leak-")), "--log-level", "trace", "serve", "--http", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const url = await new Promise((resolve, reject) => {
    server.stderr.on("data", (c) => {
      stderr += c;
      const m = /serving MCP at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    server.on("exit", () => reject(new Error(stderr)));
  });
  try {
    const client = new Client({ name: "leak-test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const { errors } = await exercise(client);
    assertNoArgumentTextIn(errors);
    // Bodies the transport refuses, carrying the mark.
    const bad = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"t":"${MARK}broken` });
    assert.equal(bad.status, 400);
    assert.ok(!(await bad.text()).includes(MARK));
    const elsewhere = await fetch(url.replace(/\/mcp$/, `/${MARK}path`), { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    assert.equal(elsewhere.status, 404);
    await client.close();
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.on("exit", r));
  }
  assert.match(stderr, /http POST \/mcp 200/);
  assert.ok(!stderr.includes(MARK), `patient text in the HTTP server's log:\n${stderr.split("\n").filter((l) => l.includes(MARK)).join("\n")}`);
});
