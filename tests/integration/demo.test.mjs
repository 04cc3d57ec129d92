// The README's main job (demo/demo.mjs) runs against the binary under test and leaves the
// page and the calendar where it says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BIN, SOURCE_DIR, tempDir } from "./harness.mjs";

test("the main job prints the note and messages and writes the page and calendar", () => {
  const out = tempDir("ptmcp-demo-");
  const run = spawnSync("node", [path.join(SOURCE_DIR, "demo/demo.mjs"), "--bin", BIN, "--out", out], { encoding: "utf8", timeout: 60000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /# Maria's home exercises/);
  assert.match(run.stdout, /Text messages \(one segment each\):/);
  assert.match(run.stdout, /Daily reminder: Maria, after you turn off your alarm/);
  assert.match(run.stdout, new RegExp(`Printable page: ${path.join(out, "page.html")}`));
  assert.ok(readFileSync(path.join(out, "page.html"), "utf8").includes("<h1>Maria's home exercises</h1>"));
  const ics = readFileSync(path.join(out, "calendar.ics"), "utf8");
  assert.ok(ics.startsWith("BEGIN:VCALENDAR"));
  // The clinic's name and number are on the page, and the number is where DONE goes.
  const page = readFileSync(path.join(out, "page.html"), "utf8");
  assert.ok(page.includes("Lakeside Physical Therapy."), "the clinic's name");
  assert.ok(page.includes("Text DONE to 555-0100 after you finish."), "where to text DONE");
  assert.match(page, /Start (tomorrow, )?[A-Z][a-z]+day\./);  // "Start Monday." on a Saturday
  // The sample's dates count from today: the first event is tomorrow, the last before the
  // next visit a week from today, so the calendar has upcoming events the day it runs.
  const ymd = (offset) => {
    const d = new Date();
    d.setDate(d.getDate() + offset);
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("");
  };
  const start = ics.match(/DTSTART:(\d{8})T/)[1];
  const until = ics.match(/UNTIL=(\d{8})T/)[1];
  assert.ok(start >= ymd(1) && start <= ymd(6), `first event ${start}`);
  assert.ok(until >= ymd(1) && until <= ymd(6), `last event ${until}`);
  assert.ok(existsSync(path.join(out, "ptmcp.db")));
});
