// draft_progress_note through the official TypeScript SDK client: draft, fix a finding,
// draft again; and a note that summarizes a program's adherence.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, tempDir } from "./harness.mjs";

const NOTE = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/progress_note_sample.json"), "utf8"));
const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
let client;

before(async () => {
  client = new Client({ name: "ptmcp-note-tests", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: BIN, args: ["--db", path.join(tempDir(), "n.db")], stderr: "pipe" }));
});
after(async () => client.close());

const draft = (args) => client.callTool({ name: "draft_progress_note", arguments: args });

test("draft, fix a finding, draft again", async () => {
  const missing = { ...NOTE, plan: { duration: "4 weeks" } };
  const refused = await draft(missing);
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /\/plan\/frequency: the plan needs a frequency/);
  const note = await draft({ ...NOTE, therapist: { name: "Sam Lee", credentials: "PT, DPT" } });
  assert.equal(note.isError, false);
  const s = note.structuredContent;
  const byName = Object.fromEntries(s.measures.map((m) => [m.name, m]));
  assert.equal(byName.LEFS.change, 16);
  assert.equal(byName.LEFS.verdict, "improved beyond MCID");
  assert.equal(byName.NPRS.change, -3);
  assert.equal(byName.TUG.change, -5.3);
  assert.equal(s.goals.find((g) => g.id === "STG1").status, "met");
  assert.equal(s.goals.find((g) => g.id === "LTG1").status, "progressing");
  assert.match(s.text, /Signature: _+ {2}Sam Lee, PT, DPT/);
  assert.ok(!s.text.includes("**"));
});

test("with program_id the note carries the home program and its adherence", async () => {
  const program = (await client.callTool({ name: "generate_hep", arguments: TKA })).structuredContent.program_id;
  for (const [day, message] of [["24", "done"], ["25", "did 2, pain 3"], ["26", "done"]]) {
    await client.callTool({ name: "record_checkin", arguments: { program_id: program, message, received_at: `2026-11-${day}T08:00:00-05:00` } });
  }
  const note = await draft({ ...NOTE, program_id: program, period: { start: "2026-11-24", end: "2026-11-29" } });
  assert.equal(note.isError, false, note.content[0].text);
  const s = note.structuredContent;
  assert.equal(s.adherence.scheduled_sessions, 5);
  assert.equal(s.adherence.sessions_done, 2.5);
  assert.match(s.markdown, /Home exercise program adherence \(2026-11-24 to 2026-11-29\): 2.5 of 5 scheduled sessions \(50%\)/);
  assert.match(s.markdown, /Knee tightening with towel \(Quad sets\): 2 rounds of 10/);
});
