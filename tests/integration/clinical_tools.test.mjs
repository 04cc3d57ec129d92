// search_exercises, audit_hep, the library resources and the audit prompt, through the
// official TypeScript SDK client and through `ptmcp call`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase } from "./harness.mjs";

const LEGACY = readFileSync(path.join(SOURCE_DIR, "tests/data/cases/legacy_handout.txt"), "utf8");
const GOOD = readFileSync(path.join(SOURCE_DIR, "tests/data/six_element_hep.txt"), "utf8");
const DB = freshDatabase();

let client;
before(async () => {
  client = new Client({ name: "ptmcp-clinical-tests", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: BIN, args: ["--db", DB], stderr: "pipe" }));
});
after(async () => client.close());

test("the default tool list ships the clinical tools and no fixtures", async () => {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  assert.ok(names.includes("search_exercises"));
  assert.ok(names.includes("audit_hep"));
  assert.ok(!names.some((n) => n.startsWith("fixture_")));
  for (const t of tools.filter((t) => ["search_exercises", "audit_hep"].includes(t.name))) {
    assert.equal(t.annotations.readOnlyHint, true, t.name);
    assert.ok(t.description.length < 2048);
  }
});

test("search_exercises: a clinical name finds the plain exercise", async () => {
  const r = await client.callTool({ name: "search_exercises", arguments: { query: "quad sets", limit: 3 } });
  assert.equal(r.isError, false);
  const top = r.structuredContent.exercises[0];
  assert.equal(top.id, "tka-quad-set");
  assert.equal(top.name, "Knee press into a towel");
  assert.equal(top.typical_dose_text, "2 rounds of 10, holding each for 5 seconds");
  assert.equal(top.uri, "ptmcp://library/exercises/tka-quad-set");
});

test("search_exercises: by condition alias and region", async () => {
  const r = await client.callTool({
    name: "search_exercises",
    arguments: { condition: "low back pain", limit: 50 },
  });
  const ids = r.structuredContent.exercises.map((e) => e.id);
  for (const id of ["lbp-prone-press-up", "lbp-bridge", "lbp-walk"]) assert.ok(ids.includes(id), id);
  assert.equal(r.structuredContent.condition, "Low back pain");
  const ankle = await client.callTool({ name: "search_exercises", arguments: { condition: "TKA", body_region: "ankle" } });
  assert.ok(ankle.structuredContent.exercises.every((e) => e.body_region === "ankle"));
});

test("search_exercises: an unknown condition is an isError finding that names the known ones", async () => {
  const r = await client.callTool({ name: "search_exercises", arguments: { condition: "tennis elbow" } });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /\/condition: "tennis elbow" is not a condition in the library/);
  assert.match(r.content[0].text, /Total knee replacement/);
});

test("audit_hep: the nine-exercise handout scores at most 1 of 6", async () => {
  const r = await client.callTool({ name: "audit_hep", arguments: { text: LEGACY } });
  assert.equal(r.isError, false);
  const a = r.structuredContent;
  assert.ok(a.score <= 1, `score ${a.score}`);
  assert.equal(a.exercise_count, 9);
  const terms = a.jargon.map((j) => j.term);
  for (const t of ["quad sets", "SLR", "SAQ", "LAQ"]) assert.ok(terms.includes(t), t);
  const e3 = a.elements.find((e) => e.number === 3);
  assert.ok(e3.evidence.some((line) => line.includes("2-3x/day")));
  for (const e of a.elements) assert.equal(e.met, false, `element ${e.number}`);
  assert.match(r.content[0].text, /^Score 0 of 6/);
});

test("audit_hep: a six-element program scores 6", async () => {
  const r = await client.callTool({ name: "audit_hep", arguments: { text: GOOD, reading_grade_max: 6 } });
  assert.equal(r.structuredContent.score, 6);
});

test("audit_hep: missing text is an isError result naming /text", async () => {
  const r = await client.callTool({ name: "audit_hep", arguments: {} });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /\/text: is required/);
});

test("the audit prompt carries the handout and names the tool", async () => {
  const { prompts } = await client.listPrompts();
  assert.ok(prompts.some((p) => p.name === "audit_existing_hep"));
  const p = await client.getPrompt({ name: "audit_existing_hep", arguments: { text: "1. Quad sets - 3x10" } });
  const text = p.messages[0].content.text;
  assert.match(text, /audit_hep/);
  assert.match(text, /1\. Quad sets - 3x10/);
  const empty = await client.getPrompt({ name: "audit_existing_hep", arguments: {} });
  assert.match(empty.messages[0].content.text, /Ask the therapist to paste/);
});

test("library resources: paged list, one exercise, one condition, completions", async () => {
  let uris = [];
  let cursor;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    uris = uris.concat(page.resources.map((r) => r.uri));
    cursor = page.nextCursor;
  } while (cursor);
  assert.ok(uris.includes("ptmcp://library/exercises"));
  assert.ok(uris.includes("ptmcp://library/exercises/lbp-bridge"));
  assert.ok(uris.length >= 62);
  const one = await client.readResource({ uri: "ptmcp://library/exercises/lbp-bridge" });
  assert.equal(JSON.parse(one.contents[0].text).name, "Hip lift for your back");
  const knee = await client.readResource({ uri: "ptmcp://library/conditions/knee%20replacement" });
  const body = JSON.parse(knee.contents[0].text);
  assert.equal(body.condition.id, "tka");
  assert.ok(body.exercises.length >= 6);
  const done = await client.complete({
    ref: { type: "ref/resource", uri: "ptmcp://library/conditions/{condition}" },
    argument: { name: "condition", value: "kn" },
  });
  assert.ok(done.completion.values.includes("Total knee replacement"), done.completion.values.join());
});

function call(tool, args) {
  return spawnSync(BIN, ["--db", DB, "call", tool, "--args", "-"], {
    input: args === undefined ? "" : JSON.stringify(args),
    encoding: "utf8",
  });
}

test("ptmcp call runs both tools with the same validation", () => {
  const search = call("search_exercises", { query: "SLR", limit: 1 });
  assert.equal(search.status, 0, search.stderr);
  assert.equal(JSON.parse(search.stdout).structuredContent.exercises[0].id, "tka-straight-leg-raise");
  const audit = call("audit_hep", { text: LEGACY });
  assert.equal(audit.status, 0, audit.stderr);
  assert.ok(JSON.parse(audit.stdout).structuredContent.score <= 1);
  const invalid = call("audit_hep", { text: 5 });
  assert.equal(invalid.status, 1);
  assert.equal(JSON.parse(invalid.stdout).isError, true);
  const unknown = call("no_such_tool", {});
  assert.equal(unknown.status, 2);
  assert.equal(JSON.parse(unknown.stdout).code, -32602);
});
