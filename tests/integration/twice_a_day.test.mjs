// A twice-a-day program through the official TypeScript SDK client, from creation through a
// day of check-ins to its review: the morning session on the bed at 7:00 with all three
// exercises, the evening one in the armchair at 18:30 with the first two
// (tests/data/hep_twice_a_day.json). The calendar is parsed with python3-icalendar; the page
// is printed by headless Chromium on Letter and A4.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase, tempDir, chromium } from "./harness.mjs";

const OUT = tempDir("ptmcp-twice-");
const TWICE = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/hep_twice_a_day.json"), "utf8"));

// Dates from today, so the page, the calendar and the check-ins hold on any day the suite
// runs: the visit was four days ago, the next visit is in ten days.
const day = (n) => {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
TWICE.visit = { ...TWICE.visit, date: day(-4), next_visit: day(10) };

let client;
before(async () => {
  client = new Client({ name: "ptmcp-twice-a-day", version: "1.0.0" });
  await client.connect(new StdioClientTransport({
    command: BIN,
    args: ["--db", freshDatabase(OUT)],
    env: {
      ...process.env,
      PTMCP_CLINIC_NAME: "Lakeside Physical Therapy and Rehabilitation",
      PTMCP_CLINIC_CONTACT: "Call 555-0100, Monday to Friday 7 to 7",
    },
    stderr: "pipe",
  }));
});
after(async () => client.close());

let programId;
let created;

test("generate_hep builds a twice-a-day program: a tracker row, an event, an alarm and a reminder per session", async () => {
  const r = await client.callTool({ name: "generate_hep", arguments: { ...TWICE, formats: ["html", "ics", "sms", "markdown"] } });
  assert.equal(r.isError, false, r.content[0].text);
  created = r.structuredContent;
  programId = created.program_id;
  assert.equal(created.program.schedule.sessions.length, 2);
  assert.deepEqual(created.program.schedule.sessions[1].exercises, [0, 1]);

  const html = created.artifacts.html;
  assert.equal(html.match(/<th class="row">/g).length, 2);
  assert.match(html, /<tr><th class="row">Every morning<\/th>/);
  assert.match(html, /<tr><th class="row">Every evening<\/th>/);
  // From today, the day the page is saved, to the day before the next visit: 10 days, two rows.
  assert.equal(html.match(/class="box"/g).length, 20);

  const sms = created.artifacts.sms;
  assert.equal(sms.reminders.length, 2);
  assert.match(sms.reminders[0], /after you turn off your alarm: time for your 3 exercises/);
  assert.match(sms.reminders[1], /after you finish dinner: time for your 2 exercises/);
  for (const m of [...sms.messages, ...sms.reminders]) assert.ok(m.length <= 160, m);

  const ics = path.join(OUT, "twice.ics");
  writeFileSync(ics, created.artifacts.ics);
  const parsed = JSON.parse(execFileSync("/usr/bin/python3", [path.join(SOURCE_DIR, "tests/integration/check_ics.py"), ics], { encoding: "utf8" }));
  assert.equal(parsed.events.length, 2);
  const [morning, evening] = parsed.events;
  assert.equal(morning.dtstart, `${day(-3)}T07:00:00`);
  assert.equal(evening.dtstart, `${day(-3)}T18:30:00`);
  for (const e of parsed.events) {
    assert.equal(e.freq, "WEEKLY");
    assert.deepEqual(e.byday, ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]);
    assert.equal(e.until, `${day(9)}T23:59:59`);
    assert.deepEqual(e.alarms, ["DISPLAY"]);
  }
  assert.equal(morning.summary, "Maria's home exercises (every morning)");
  assert.match(evening.description, /after you finish dinner/);
  assert.doesNotMatch(evening.description, /Straight leg lift/);
  assert.match(morning.description, /Straight leg lift/);
  assert.equal(evening.location, "In your armchair.");
});

test("the two-session page prints on exactly one Letter page and one A4 page", () => {
  const html = created.artifacts.html;
  const letter = path.join(OUT, "page.html");
  const a4 = path.join(OUT, "page-a4.html");
  writeFileSync(letter, html);
  writeFileSync(a4, html.replace("<style>", "<style>@page { size: A4; }"));
  for (const [page, paper] of [[letter, "letter"], [a4, "A4"]]) {
    const pdf = page.replace(".html", ".pdf");
    const run = chromium(["--no-pdf-header-footer", `--print-to-pdf=${pdf}`, `file://${page}`]);
    assert.equal(run.status, 0, run.stderr);
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.match(/Page size:\s+(.*)/.exec(info)[1], new RegExp(paper, "i"));
    assert.equal(Number(/Pages:\s+(\d+)/.exec(info)[1]), 1, `the page on ${paper}`);
  }
  const png = path.join(OUT, "page.png");
  chromium(["--window-size=816,1056", `--screenshot=${png}`, `file://${letter}`]);
  console.log(`screenshot: ${png}`);
});

test("a day of check-ins, then the review: the morning ones alone are a partial day", async () => {
  const send = async (message, received_at) => {
    const r = await client.callTool({ name: "record_checkin", arguments: { program_id: programId, message, received_at } });
    assert.equal(r.isError, false, r.content[0].text);
    return r.structuredContent;
  };
  // The first day: both sessions, each with its own text. The second: only the morning ones.
  assert.equal((await send("done", `${day(-3)}T07:25:00-05:00`)).status, "done");
  const evening = await send("did the evening ones", `${day(-3)}T19:05:00-05:00`);
  assert.equal(evening.escalate, false);
  assert.deepEqual(evening.sessions, [1]);
  assert.deepEqual((await send("did the morning ones", `${day(-2)}T07:40:00-05:00`)).sessions, [0]);
  const review = await client.callTool({ name: "review_adherence", arguments: { program_id: programId, from: day(-3), to: day(-1) } });
  assert.equal(review.isError, false, review.content[0].text);
  const s = review.structuredContent;
  assert.deepEqual(s.days.map((d) => d.kind), ["done", "partial", "missed"]);
  assert.equal(s.scheduled_sessions, 3);
  assert.equal(s.sessions_done, 1.5);
  assert.equal(s.adherence_percent, 50);
  assert.match(s.summary, /Maria did 1\.5 of 3 scheduled sessions/);
});
