// The printable page printed by headless Chromium (Debian's chromium) must be exactly one
// page on US Letter and on A4; the calendar must parse with a real iCalendar parser
// (python3-icalendar) with the right recurrence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, SOURCE_DIR, freshDatabase, tempDir, chromium } from "./harness.mjs";

const OUT = tempDir("ptmcp-pages-");
const DB = freshDatabase(OUT);
const CASES = {
  hep_post_tka: path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"),
  hep_low_back: path.join(SOURCE_DIR, "tests/data/cases/hep_low_back.json"),
  hep_long_page: path.join(SOURCE_DIR, "tests/data/hep_long_page.json"),
};

// With the clinic's name and contact beside the patient's name, as long as a clinic would
// usually set them.
const CLINIC = {
  PTMCP_CLINIC_NAME: "Lakeside Physical Therapy and Rehabilitation",
  PTMCP_CLINIC_CONTACT: "Call 555-0100, Monday to Friday 7 to 7",
};

function generate(file, env = CLINIC) {
  const request = JSON.parse(readFileSync(file, "utf8"));
  request.formats = ["html", "ics", "markdown"];
  const run = spawnSync(BIN, ["--db", DB, "call", "generate_hep", "--args", "-"], {
    input: JSON.stringify(request),
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return JSON.parse(run.stdout).structuredContent;
}

function pages(pdf) {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)[1]), size: /Page size:\s+(.*)/.exec(info)[1] };
}

for (const [name, file] of Object.entries(CASES)) {
  test(`${name}: the page prints on exactly one Letter page and one A4 page`, () => {
    const result = generate(file);
    const html = result.artifacts.html;
    assert.match(html, /<p class="clinic"><strong>Lakeside Physical Therapy and Rehabilitation\.<\/strong><br>Call 555-0100/);
    if (name === "hep_long_page") {
      const { words, word_budget } = result.quality;
      assert.ok(words >= word_budget - 30 && words <= word_budget, `the long case should sit just under the word budget (${word_budget}), has ${words}`);
    }
    const dir = path.join(OUT, name);
    mkdirSync(dir, { recursive: true });
    const letter = path.join(dir, "page.html");
    const a4 = path.join(dir, "page-a4.html");
    writeFileSync(letter, html);
    writeFileSync(a4, html.replace("<style>", "<style>@page { size: A4; }"));
    for (const [page, paper] of [[letter, "letter"], [a4, "A4"]]) {
      const pdf = page.replace(".html", ".pdf");
      const run = chromium(["--no-pdf-header-footer", `--print-to-pdf=${pdf}`, `file://${page}`]);
      assert.equal(run.status, 0, run.stderr);
      const info = pages(pdf);
      assert.match(info.size, new RegExp(paper, "i"));
      assert.equal(info.pages, 1, `${name} on ${paper} printed ${info.pages} pages`);
    }
    const png = path.join(dir, "page.png");
    chromium(["--window-size=816,1056", `--screenshot=${png}`, `file://${letter}`]);
    console.log(`screenshot: ${png}`);
  });
}

test("the calendar parses and repeats on the scheduled days until the next visit", () => {
  const result = generate(CASES.hep_post_tka);
  const ics = path.join(OUT, "tka.ics");
  writeFileSync(ics, result.artifacts.ics);
  const parsed = JSON.parse(execFileSync("/usr/bin/python3", [path.join(SOURCE_DIR, "tests/integration/check_ics.py"), ics], { encoding: "utf8" }));
  assert.equal(parsed.events.length, 1);
  const e = parsed.events[0];
  assert.equal(e.freq, "WEEKLY");
  assert.deepEqual(e.byday, ["MO", "TU", "WE", "TH", "FR", "SA"]);
  assert.equal(e.dtstart, "2026-11-24T07:00:00");
  assert.equal(e.until, "2026-11-28T23:59:59");
  assert.deepEqual(e.alarms, ["DISPLAY"]);
  assert.match(e.description, /after you turn off your alarm/);
  assert.match(e.description, /Knee tightening with towel: 2 rounds of 10, holding each for 5 seconds/);
  assert.equal(e.summary, "Maria's home exercises");

  const back = generate(CASES.hep_low_back);
  const ics2 = path.join(OUT, "back.ics");
  writeFileSync(ics2, back.artifacts.ics);
  const all = JSON.parse(execFileSync("/usr/bin/python3", [path.join(SOURCE_DIR, "tests/integration/check_ics.py"), ics2], { encoding: "utf8" })).events[0];
  assert.equal(all.dtstart, "2026-11-25");
  assert.deepEqual(all.byday, ["MO", "WE", "FR"]);
  assert.equal(all.until, "2026-12-07");
  assert.deepEqual(all.alarms, []);
});
