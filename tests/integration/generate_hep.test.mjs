// generate_hep through the official TypeScript SDK client: refused with findings, fixed,
// saved, revised as a new version, and read back as resources.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase } from "./harness.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
const DB = freshDatabase();
let client;

before(async () => {
  client = new Client({ name: "ptmcp-hep-tests", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: BIN, args: ["--db", DB], stderr: "pipe" }));
});
after(async () => client.close());

const call = (args) => client.callTool({ name: "generate_hep", arguments: args });
const clone = (o) => JSON.parse(JSON.stringify(o));

test("generate, fix a finding, revise with program_id, read the page", async () => {
  const draft = clone(TKA);
  draft.schedule.trigger = "when you have time";
  const refused = await call(draft);
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /element 3 \(dosing as a behavior\), \/schedule\/trigger: "when you have time" is not tied to a routine/);
  assert.match(refused.content[0].text, /For example: "after you pour your morning coffee"/);

  const fixed = await call(clone(TKA));
  assert.equal(fixed.isError, false);
  const first = fixed.structuredContent;
  assert.match(first.program_id, /^p-[a-z0-9]{10}$/);
  assert.equal(first.version, 1);
  assert.equal(first.quality.exercises, 3);
  assert.ok(first.artifacts.markdown.startsWith("# Maria's home exercises"));
  assert.ok(first.artifacts.sms.messages.every((m) => m.length <= 160));
  assert.equal(first.artifacts.html, undefined, "html is inline only when asked for");
  assert.ok(first.warnings.some((w) => w.pointer === "/exercises/1/name" && w.element === 2));

  const revision = clone(TKA);
  revision.program_id = first.program_id;
  revision.exercises[2].dose.reps = 10;
  revision.formats = ["html"];
  const second = (await call(revision)).structuredContent;
  assert.equal(second.program_id, first.program_id);
  assert.equal(second.version, 2);
  assert.match(second.artifacts.html, /2 rounds of 10, right side only/);

  const page = await client.readResource({ uri: `ptmcp://programs/${first.program_id}/page.html` });
  assert.equal(page.contents[0].mimeType, "text/html");
  assert.match(page.contents[0].text, /<h1>Maria's home exercises<\/h1>/);
  assert.match(page.contents[0].text, /version 2/);
  const program = JSON.parse((await client.readResource({ uri: `ptmcp://programs/${first.program_id}` })).contents[0].text);
  assert.equal(program.version, 2);
  assert.equal(program.program.exercises[2].dose.reps, 10);
  const ics = await client.readResource({ uri: `ptmcp://programs/${first.program_id}/calendar.ics` });
  assert.match(ics.contents[0].text, /^BEGIN:VCALENDAR\r\n/);

  const ids = await client.complete({
    ref: { type: "ref/resource", uri: "ptmcp://programs/{program_id}/page.html" },
    argument: { name: "program_id", value: first.program_id.slice(0, 5) },
  });
  assert.ok(ids.completion.values.includes(first.program_id));
});

test("the refusals the product is built on, each naming its element", async () => {
  const cases = [
    ["seven exercises", (r) => { for (const id of ["tka-ankle-pump", "tka-short-arc", "tka-long-arc", "tka-sit-to-stand"]) r.exercises.push({ library_id: id, dose: { sets: 2, reps: 10 } }); }, /element 1 .*\/exercises: has 7 exercises/],
    ["3x/week", (r) => { r.schedule.days = "3x/week"; }, /element 3 .*\/schedule\/days: "3x\/week" is not a schedule/],
    ["no trigger", (r) => { delete r.schedule.trigger; }, /element 3 .*\/schedule\/trigger/],
    ["personal cell", (r) => { r.feedback.log_instruction = "Text DONE to my cell 555-0199"; }, /element 5 .*\/feedback\/log_instruction: .*personal phone/],
    ["vague milestone", (r) => { r.milestone = "By your next visit, feel stronger."; }, /element 6 .*\/milestone/],
    ["milestone repeats the goal", (r) => { r.milestone = r.visit.plan_of_care_goal; }, /element 6 .*restates the plan-of-care goal/],
  ];
  for (const [name, change, expected] of cases) {
    const r = clone(TKA);
    change(r);
    const result = await call(r);
    assert.equal(result.isError, true, name);
    assert.match(result.content[0].text, expected, name);
  }
});

test("revising an unknown program is an isError finding", async () => {
  const r = clone(TKA);
  r.program_id = "p-doesnotexist";
  const result = await call(r);
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /\/program_id: no program has the id "p-doesnotexist"/);
});

test("the end-of-visit prompt completes conditions and names the workflow", async () => {
  const { prompts } = await client.listPrompts();
  const prompt = prompts.find((p) => p.name === "hep_end_of_visit");
  assert.ok(prompt);
  const conditions = await client.complete({
    ref: { type: "ref/prompt", name: "hep_end_of_visit" },
    argument: { name: "condition", value: "low" },
  });
  assert.deepEqual(conditions.completion.values, ["Low back pain"]);
  const got = await client.getPrompt({ name: "hep_end_of_visit", arguments: { patient_name: "Maria", condition: "Total knee replacement" } });
  const text = got.messages[0].content.text;
  assert.match(text, /Build Maria's home exercise program/);
  assert.match(text, /\(Total knee replacement\)/);
  assert.match(text, /generate_hep/);
  assert.match(text, /search_exercises/);
  assert.doesNotMatch(text, /patient\.language/);
});

test("the end-of-visit prompt takes the patient's language", async () => {
  const prompt = (await client.listPrompts()).prompts.find((p) => p.name === "hep_end_of_visit");
  assert.ok(prompt.arguments.some((a) => a.name === "language" && !a.required));
  const languages = await client.complete({
    ref: { type: "ref/prompt", name: "hep_end_of_visit" },
    argument: { name: "language", value: "e" },
  });
  assert.deepEqual(languages.completion.values.sort(), ["en", "es"]);
  const es = (await client.getPrompt({ name: "hep_end_of_visit", arguments: { patient_name: "Rosa", language: "es-MX" } })).messages[0].content.text;
  assert.match(es, /Rosa reads Spanish\. Set patient\.language to "es"/);
  const fr = (await client.getPrompt({ name: "hep_end_of_visit", arguments: { patient_name: "Luc", language: "fr" } })).messages[0].content.text;
  assert.match(fr, /"fr", which ptmcp does not write yet \(it writes: en, es\)/);
  assert.doesNotMatch(fr, /Set patient\.language/);
});
