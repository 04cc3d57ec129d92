// Stored programs through the official TypeScript SDK client: create, revise, read version 1
// and its renderings, find by name; a revision for another patient refused with the program
// untouched; a rename recorded; text messages in the clinic's encoding.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase, tempDir } from "./harness.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
const clone = (o) => JSON.parse(JSON.stringify(o));

async function connect(args = []) {
  const client = new Client({ name: "ptmcp-programs-tests", version: "1.0.0" });
  const db = freshDatabase();
  await client.connect(new StdioClientTransport({ command: BIN, args: ["--db", db, ...args], stderr: "pipe" }));
  return client;
}

let client;
before(async () => {
  client = await connect();
});
after(async () => client.close());

const generate = (args) => client.callTool({ name: "generate_hep", arguments: args });
const read = async (uri) => (await client.readResource({ uri })).contents[0];

test("create, revise, read version 1 and its renderings, find by name", async () => {
  const first = (await generate(clone(TKA))).structuredContent;
  assert.deepEqual(first.changes, ["New program."]);

  const revision = clone(TKA);
  revision.program_id = first.program_id;
  revision.exercises[2].dose.reps = 10;
  const second = await generate(revision);
  assert.equal(second.isError, false);
  assert.equal(second.structuredContent.version, 2);
  // Worked out by hand: the straight leg raise went from 2 sets of 8 to 2 sets of 10, right.
  assert.deepEqual(second.structuredContent.changes, ["Straight leg raise: 2x8, R → 2x10, R"]);
  assert.match(second.content[0].text, /Changes from version 1:\n- Straight leg raise: 2x8, R → 2x10, R/);

  const v1 = JSON.parse((await read(`ptmcp://programs/${first.program_id}/versions/1`)).text);
  assert.equal(v1.version, 1);
  assert.equal(v1.program.exercises[2].dose.reps, 8);
  assert.deepEqual(v1.changes, ["New program."]);
  const v2 = JSON.parse((await read(`ptmcp://programs/${first.program_id}/versions/2`)).text);
  assert.equal(v2.program.exercises[2].dose.reps, 10);
  const latest = JSON.parse((await read(`ptmcp://programs/${first.program_id}`)).text);
  assert.deepEqual(latest.versions.map((v) => v.version), [1, 2]);
  assert.equal(latest.versions[1].uri, `ptmcp://programs/${first.program_id}/versions/2`);

  const page1 = await read(`ptmcp://programs/${first.program_id}/versions/1/page.html`);
  assert.equal(page1.mimeType, "text/html");
  assert.match(page1.text, /version 1/);
  assert.match(page1.text, /2 rounds of 8, right side only/);
  const sms1 = await read(`ptmcp://programs/${first.program_id}/versions/1/sms.txt`);
  assert.equal(sms1.mimeType, "text/plain");
  assert.match(sms1.text, /^Message 1 of \d+ \(GSM-7, \d+ characters, 1 segment\)\nHi Maria!/);
  const ics1 = await read(`ptmcp://programs/${first.program_id}/versions/1/calendar.ics`);
  assert.match(ics1.text, new RegExp(`UID:${first.program_id}-v1@ptmcp`));
  await assert.rejects(read(`ptmcp://programs/${first.program_id}/versions/3`));
  await assert.rejects(read(`ptmcp://programs/${first.program_id}/versions/01`));

  // resources/list offers each stored version (a page at a time, as the SDK reads it).
  const listed = [];
  let cursor;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    listed.push(...page.resources.map((r) => r.uri));
    cursor = page.nextCursor;
  } while (cursor);
  for (const n of [1, 2]) assert.ok(listed.includes(`ptmcp://programs/${first.program_id}/versions/${n}`), `version ${n} listed`);
  assert.ok(!listed.includes(`ptmcp://programs/${first.program_id}/versions/3`));
  const { resourceTemplates } = await client.listResourceTemplates();
  for (const t of ["", "/page.html", "/sms.txt", "/calendar.ics"])
    assert.ok(resourceTemplates.some((r) => r.uriTemplate === `ptmcp://programs/{program_id}/versions/{version}${t}`), t);
  const versions = await client.complete({
    ref: { type: "ref/resource", uri: "ptmcp://programs/{program_id}/versions/{version}" },
    argument: { name: "version", value: "" },
    context: { arguments: { program_id: first.program_id } },
  });
  assert.deepEqual(versions.completion.values, ["2", "1"]);

  const found = await client.callTool({ name: "find_programs", arguments: { first_name: "mar" } });
  assert.equal(found.isError, false);
  const hit = found.structuredContent.programs.find((p) => p.program_id === first.program_id);
  assert.deepEqual(hit, {
    program_id: first.program_id,
    first_name: "Maria",
    condition: TKA.visit.condition,
    latest_version: 2,
    visit_date: TKA.visit.date,
    next_visit: TKA.visit.next_visit,
    last_checkin: null,
  });
  const { tools } = await client.listTools();
  assert.equal(tools.find((t) => t.name === "find_programs").annotations.readOnlyHint, true);
});

test("a revision for another patient is refused and the stored program is untouched", async () => {
  const jose = clone(TKA);
  jose.patient.name = "José";
  const saved = (await generate(jose)).structuredContent;
  const before = await read(`ptmcp://programs/${saved.program_id}`);

  const frank = clone(TKA);
  frank.patient.name = "Frank";
  frank.program_id = saved.program_id;
  const refused = await generate(frank);
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, new RegExp(`program ${saved.program_id} is José's, and this request is for Frank`));
  assert.match(refused.content[0].text, /leave program_id out/);
  assert.equal((await read(`ptmcp://programs/${saved.program_id}`)).text, before.text);
  await assert.rejects(read(`ptmcp://programs/${saved.program_id}/versions/2`));

  // The same patient with other case and no accent is the same patient.
  const same = clone(jose);
  same.patient.name = "JOSE";
  same.program_id = saved.program_id;
  const ok = await generate(same);
  assert.equal(ok.isError, false);
  assert.deepEqual(ok.structuredContent.changes, ["Patient name spelled: José → JOSE"]);
});

test("a rename is explicit and recorded in that version's changes", async () => {
  const saved = (await generate(clone(TKA))).structuredContent;
  const renamed = clone(TKA);
  renamed.program_id = saved.program_id;
  renamed.patient.name = "Mariana";
  renamed.patient.renamed_from = "Maria";
  const result = await generate(renamed);
  assert.equal(result.isError, false, result.content[0].text);
  assert.deepEqual(result.structuredContent.changes, ["Patient renamed: Maria → Mariana"]);
  const v2 = JSON.parse((await read(`ptmcp://programs/${saved.program_id}/versions/2`)).text);
  assert.deepEqual(v2.changes, ["Patient renamed: Maria → Mariana"]);
  assert.equal(v2.program.patient.name, "Mariana");
});

test("text messages: transliterated by default, Unicode when the clinic says so", async () => {
  const ramon = clone(TKA);
  ramon.patient.name = "Ramón";
  const gsm = (await generate(ramon)).structuredContent;
  assert.ok(gsm.artifacts.sms.messages[0].startsWith("Hi Ramon! "));
  assert.equal(gsm.quality.sms.setting, "transliterate");
  assert.ok(gsm.quality.sms.messages.every((m) => m.encoding === "gsm7" && m.segments === 1));
  assert.ok(gsm.warnings.some((w) => w.message.includes('"Ramón" is sent as "Ramon"')));

  const dir = tempDir();
  const config = path.join(dir, "clinic.json");
  writeFileSync(config, JSON.stringify({ hep: { sms_encoding: "unicode" } }));
  const unicodeClient = await connect(["--config", config]);
  try {
    const result = await unicodeClient.callTool({ name: "generate_hep", arguments: ramon });
    const u = result.structuredContent;
    assert.ok(u.artifacts.sms.messages[0].startsWith("Hi Ramón!"));
    assert.equal(u.quality.sms.setting, "unicode");
    // "Hi Ramón! ..." is UCS-2, at most 70 UTF-16 units (a JavaScript string's length).
    assert.equal(u.quality.sms.messages[0].encoding, "ucs2");
    assert.equal(u.quality.sms.messages[0].units, u.artifacts.sms.messages[0].length);
    assert.ok(u.artifacts.sms.messages[0].length <= 70);
    assert.ok(u.quality.sms.messages.every((m) => m.segments === 1));
    assert.ok(!u.warnings.some((w) => w.message.includes("is sent as")));
  } finally {
    await unicodeClient.close();
  }
});

test("a next visit already past is a warning, not a refusal", async () => {
  const late = clone(TKA);
  late.visit.date = "2020-01-06";  // entered long after the fact
  late.visit.next_visit = "2020-01-13";
  const result = await generate(late);
  assert.equal(result.isError, false, result.content[0].text);
  const warning = result.structuredContent.warnings.find((w) => w.pointer === "/visit/next_visit");
  assert.ok(warning, JSON.stringify(result.structuredContent.warnings));
  assert.equal(warning.element, 6);
  assert.match(warning.message, /^Monday, January 13 is already past \(today is /);
});
