// draft_progress_note through the official TypeScript SDK client: draft, fix a finding,
// draft again; and a note that summarizes a program's adherence.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase } from "./harness.mjs";

const NOTE = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/progress_note_sample.json"), "utf8"));
const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
let client;

before(async () => {
  client = new Client({ name: "ptmcp-note-tests", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: BIN, args: ["--db", freshDatabase()], stderr: "pipe" }));
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

test("a daily note with three codes bills units per code", async () => {
  // Medicare: 97110 25 + 97140 12 + 97530 10 = 47 timed minutes -> 3 units (38-52 minutes).
  // Whole 15-minute units: 97110 1 (10 minutes left), 97140 0 (12 left), 97530 0 (10 left).
  // The 2 remaining units go to the most minutes left: 97140 (12), then the 10-10 tie to
  // 97110, listed first. So 97110 2, 97140 1, 97530 0.
  const note = await draft({
    note_type: "daily_note",
    patient: { name: "Maria" },
    payer: "medicare",
    date: "2026-11-24",
    subjective: "Walked to the mailbox twice since the last visit.",
    interventions: [
      { name: "Therapeutic exercise", cpt: "97110", minutes: 25 },
      { name: "Joint mobilization", cpt: "97140", minutes: 12 },
      { name: "Sit to stand practice", cpt: "97530", minutes: 10 },
    ],
    skilled_interventions: ["Tactile cues at the knee during sit to stand"],
    patient_response: "Completed 3 rounds of 10 with cues for knee alignment; pain 3/10 before and after.",
    assessment: "Sit to stand control improving; still needs cues.",
    next_visit_plan: "Progress step-ups to a 6-inch step.",
  });
  assert.equal(note.isError, false, note.content[0].text);
  const s = note.structuredContent;
  const units = Object.fromEntries(s.billing.codes.map((c) => [c.cpt, c.units]));
  assert.deepEqual(units, { 97110: 2, 97140: 1, 97530: 0 });
  assert.equal(s.billing.units, 3);
  assert.match(s.markdown, /\| 97110 \| Therapeutic exercise \(strength, endurance, range of motion, flexibility\) \| 25 \| 2 \| GP \|/);
  assert.match(s.text, /97530; Therapeutic activities \(functional tasks\); 10; 0; GP/);
  assert.match(s.text, /Close call: 97110 and 97530 each had 10 minutes left over/);
  for (const words of ["Walked to the mailbox twice", "Tactile cues at the knee", "Sit to stand control improving"]) {
    assert.ok(s.markdown.includes(words) && s.text.includes(words), words);
  }
  assert.ok(s.findings.some((f) => f.pointer === "/interventions" && /97530 and 97140/.test(f.message)));
});

test("a progress report with program_id counts adherence from the program's start", async () => {
  // The program starts on its visit date, Mon 2026-11-23, and is scheduled Mon-Sat. The
  // period asked for starts a week earlier (11-16), so it is clipped to 11-23..11-29:
  // Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Sat 28 = 6 scheduled sessions (Sun 29 is not).
  // Check-ins "done" on 24, 26 and 27 = 3 done: 3 of 6, 50%. (Counting from 11-16 would
  // wrongly give 12 scheduled.)
  const program = (await client.callTool({ name: "generate_hep", arguments: TKA })).structuredContent.program_id;
  for (const day of ["24", "26", "27"]) {
    await client.callTool({ name: "record_checkin", arguments: { program_id: program, message: "done", received_at: `2026-11-${day}T08:00:00-05:00` } });
  }
  const note = await draft({ ...NOTE, program_id: program, period: { start: "2026-11-16", end: "2026-11-29" } });
  assert.equal(note.isError, false, note.content[0].text);
  const s = note.structuredContent;
  assert.equal(s.adherence.scheduled_sessions, 6);
  assert.equal(s.adherence.sessions_done, 3);
  assert.equal(s.adherence.adherence_percent, 50);
  assert.match(s.markdown, /Home exercise program adherence \(2026-11-23 to 2026-11-29\): 3 of 6 scheduled sessions \(50%\)/);
  assert.match(s.markdown, new RegExp(`Home exercise program:\\*\\* ${program}`));
});

test("a discharge summary", async () => {
  const note = await draft({
    ...NOTE,
    note_type: "discharge_summary",
    discharge_reason: "Goals met; independent with the home program.",
    patient_instructions: "Keep doing the knee press and the straight leg lift every morning after your coffee.",
    plan: undefined,
  });
  assert.equal(note.isError, false, note.content[0].text);
  const s = note.structuredContent;
  assert.equal(s.note_type, "discharge_summary");
  assert.match(s.markdown, /^# Discharge summary: Maria/);
  assert.match(s.text, /Reason: Goals met; independent with the home program\./);
  assert.match(s.text, /Instructions for the patient: Keep doing the knee press/);
  assert.ok(!s.markdown.includes("## Plan"));
  assert.equal(s.goals.find((g) => g.id === "STG1").status, "met");
});
