// record_checkin and review_adherence through the official TypeScript SDK client: the
// sample check-ins give their expected results, the review reads them back, and two server
// processes recording into one database at the same time lose nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase } from "./harness.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
const SAMPLE = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/checkins_sample.json"), "utf8"));
const DB = freshDatabase();

async function connect(db = DB) {
  const client = new Client({ name: "ptmcp-checkin-tests", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: BIN, args: ["--db", db], stderr: "pipe" }));
  return client;
}

let client;
let programId;
before(async () => {
  client = await connect();
  programId = (await client.callTool({ name: "generate_hep", arguments: TKA })).structuredContent.program_id;
});
after(async () => client.close());

const record = (c, message, received_at, id = programId) =>
  c.callTool({ name: "record_checkin", arguments: { program_id: id, message, received_at } });

test("the sample check-ins give their expected results", async () => {
  for (const { message, received_at, expect } of SAMPLE.messages) {
    const r = await record(client, message, received_at);
    assert.equal(r.isError, false, message);
    const s = r.structuredContent;
    if ("status" in expect) assert.equal(s.status, expect.status, message);
    if ("pain" in expect) assert.equal(s.pain, expect.pain, message);
    if ("flag" in expect) assert.equal(s.tier, expect.flag, message);
    if ("opt_out" in expect) assert.equal(s.opt_out, expect.opt_out, message);
    assert.equal(s.escalate, s.tier !== null, message);
    if (s.reply !== null) assert.ok(s.reply.length <= 160, s.reply);
    assert.equal(s.date, received_at.slice(0, 10), message);
  }
  const after = await record(client, "done", "2026-11-29T08:00:00-05:00");
  assert.equal(after.structuredContent.reply, null);
  assert.equal(after.structuredContent.reply_suppressed, true);
  assert.match(after.content[0].text, /opted out/);
});

test("review_adherence reads the sample week back", async () => {
  const r = await client.callTool({ name: "review_adherence", arguments: { program_id: programId, from: "2026-11-24", to: "2026-11-29" } });
  assert.equal(r.isError, false);
  const s = r.structuredContent;
  // Tue done, Wed partial, Thu skipped, Fri done, Sat skipped (calf): 2.5 of 5.
  assert.equal(s.scheduled_sessions, 5);
  assert.equal(s.sessions_done, 2.5);
  assert.equal(s.adherence_percent, 50);
  assert.deepEqual(s.missed_dates, ["2026-11-26", "2026-11-28"]);
  assert.equal(s.extra_sessions, 1);  // Sunday's "done": extra, not a make-up
  assert.equal(s.red_flags.length, 1);
  assert.equal(s.red_flags[0].tier, "same_day");
  // Both misses were said (Thursday "too tired", Saturday the calf): none is "no word".
  assert.deepEqual(s.said_skipped.map((d) => d.date), ["2026-11-26", "2026-11-28"]);
  assert.deepEqual(s.no_word, []);
  // What a person had to see, in order: Saturday's calf at 9:30, then STOP at 21:15; the
  // opt-out leads the summary.
  assert.deepEqual(s.attention.map((a) => a.kind), ["red_flag", "opt_out"]);
  assert.equal(s.attention[0].message, "didn't do it, my calf is swollen and hurts");
  assert.deepEqual(s.opt_out, { opted_out: true, since: "2026-11-28", stops_in_period: 1 });
  assert.match(s.summary, /^OPTED OUT of texts \(STOP\) on 2026-11-28/);
  assert.ok(s.summary.split(/\s+/).length <= 120);
  const chart = await client.readResource({ uri: `ptmcp://programs/${programId}/adherence.svg` });
  assert.equal(chart.contents[0].mimeType, "image/svg+xml");
  assert.match(chart.contents[0].text, /^<svg/);
  const prompt = await client.getPrompt({ name: "adherence_review", arguments: { program_id: programId } });
  assert.match(prompt.messages[0].content.text, new RegExp(`review_adherence with program_id ${programId}`));
});

test("unknown programs and bad times are isError findings", async () => {
  const unknown = await record(client, "done", "2026-11-24T07:00:00-05:00", "p-nope");
  assert.equal(unknown.isError, true);
  assert.match(unknown.content[0].text, /\/program_id: no program has the id "p-nope"/);
  const badTime = await record(client, "done", "yesterday at noon please");
  assert.equal(badTime.isError, true);
  assert.match(badTime.content[0].text, /\/received_at/);
  // A time without its offset passes the schema and gets a finding that says so, with one.
  const noOffset = await record(client, "done", "2026-11-24T07:20:00");
  assert.equal(noOffset.isError, true);
  assert.match(noOffset.content[0].text, /\/received_at: "2026-11-24T07:20:00" has no offset/);
  assert.match(noOffset.content[0].text, /For example: "2026-11-24T07:20:00-05:00"/);
  assert.doesNotMatch(noOffset.content[0].text, /fewer than/);
});

test("two processes recording into one database at the same time lose nothing", async () => {
  const db = freshDatabase();
  const setup = await connect(db);
  const id = (await setup.callTool({ name: "generate_hep", arguments: TKA })).structuredContent.program_id;
  await setup.close();
  const [a, b] = await Promise.all([connect(db), connect(db)]);
  const sends = [];
  for (let i = 0; i < 30; i++) {
    const minute = String(i).padStart(2, "0");
    sends.push(record(a, `done ${i}`, `2026-11-24T07:${minute}:00-05:00`, id));
    sends.push(record(b, `done ${i}`, `2026-11-24T08:${minute}:00-05:00`, id));
  }
  const results = await Promise.all(sends);
  assert.ok(results.every((r) => !r.isError && !r.structuredContent.duplicate));
  const ids = new Set(results.map((r) => r.structuredContent.checkin_id));
  assert.equal(ids.size, 60);
  const review = await a.callTool({ name: "review_adherence", arguments: { program_id: id, from: "2026-11-24", to: "2026-11-24" } });
  assert.equal(review.structuredContent.checkins, 60);
  await Promise.all([a.close(), b.close()]);
});
