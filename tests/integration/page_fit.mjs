// The grid of programs that decides how many words fit one printed sheet: 1 to 4 exercises,
// the shortest and the longest texts the checks allow (and the long page the print test
// uses), with and without the caregiver and clinic lines, at both print sizes, printed by
// headless Chromium on US Letter and A4. Used by page_fit.test.mjs and by
// scripts/measure_page_fit.mjs, which writes the budgets to data/config/page_fit.json.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const EXERCISES = [
  ["tka-quad-set", "Lie on your back with a rolled towel under your knee.", "Press the back of your knee down into the towel and hold it there while you count.", "Like the one we did at the end of today's session, lying on the table by the window."],
  ["tka-heel-slide", "Lie on your back with your legs out straight.", "Slowly slide your heel up toward your bottom, then slide it back down and rest.", "The same slide you did on the table with the strap today, just without the strap."],
  ["tka-straight-leg-raise", "Bend your other knee and keep this knee straight.", "Lift the leg to the height of your other knee, then lower it slowly to the bed.", "Just like the lifts you did today before we iced your knee at the end of the visit."],
  ["tka-ankle-pump", "Lie on your back or sit with your legs out in front of you.", "Pull your toes up toward you, then point them away, slow and steady each time.", "We did these together at the start of today's visit, while you were still lying down."],
];

function exercise(i, long) {
  const [id, first, second, link] = EXERCISES[i];
  return long
    ? { library_id: id, description: `${first} ${second}`, clinic_link: link, dose: { sets: 2, reps: 10, hold_seconds: 5, side: "right" } }
    : { library_id: id, description: first, clinic_link: "Like we did today.", dose: { sets: 2, reps: 10 } };
}

// Dates from today: the visit today and the next one in three weeks, so every program prints
// its longest tracker (two weeks of boxes, as many as a page shows) whatever day the suite runs.
function day(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function grid() {
  const programs = [];
  for (const count of [1, 2, 3, 4]) {
    for (const long of [false, true]) {
      for (const extras of [false, true]) {
        for (const large of [false, true]) {
          programs.push({
            key: `${count} ${long ? "long" : "short"} ${extras ? "with" : "without"} caregiver and clinic, ${large ? "large" : "default"} print`,
            count, long, extras, large,
            request: {
              patient: { name: "Margaret", ...(extras ? { caregiver: "her daughter Ana, who visits every evening" } : {}), ...(large ? { large_print: true } : {}) },
              visit: { date: day(0), next_visit: day(22), condition: "Right total knee replacement, 3 weeks after surgery", plan_of_care_goal: "Walk to the mailbox and back (500 feet) with a cane by week 8" },
              exercises: Array.from({ length: count }, (_, i) => exercise(i, long)),
              schedule: long
                ? { days: ["mon", "tue", "wed", "thu", "fri", "sat"], when: "every morning, before breakfast", where: "on your bed, with the rolled towel from the clinic", trigger: "right after you turn off your alarm, before your feet touch the floor" }
                : { days: ["mon", "wed", "fri"], when: "every morning", where: "on your bed", trigger: "after you turn off your alarm" },
              rules: { contact: "call Lakeside PT at 555-0100" },
              feedback: { channel: "sms", log_instruction: long ? "Text DONE to the Lakeside PT number each time you finish a session" : "Text DONE to the clinic", problem_contact: "Call Lakeside PT at 555-0100" },
              milestone: long ? "By your next visit, hold the knee press for the full 5 seconds with no pain above 3, three days in a row." : "By your next visit, bend your knee 10 times.",
              formats: ["html"],
            },
          });
        }
      }
    }
  }
  // The long case the one-page print test holds just under the budget: three exercises with
  // long descriptions, warning signs and a full tracker.
  const long = JSON.parse(readFileSync(new URL("../data/hep_long_page.json", import.meta.url), "utf8"));
  for (const large of [false, true]) {
    programs.push({
      key: `the long page, ${large ? "large" : "default"} print`, count: long.exercises.length, long: true, extras: true, large,
      request: { ...long, visit: { ...long.visit, date: day(0), next_visit: day(22) }, patient: { ...long.patient, ...(large ? { large_print: true } : {}) }, formats: ["html"] },
    });
  }
  return programs;
}

export const CLINIC = {
  PTMCP_CLINIC_NAME: "Lakeside Physical Therapy and Rehabilitation",
  PTMCP_CLINIC_CONTACT: "Call 555-0100, Monday to Friday 7 to 7",
};

function chromium(dir, args) {
  return spawnSync("chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${path.join(dir, "profile")}`, ...args,
  ], { encoding: "utf8", timeout: 120000 });
}

function pages(pdf) {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  return Number(/Pages:\s+(\d+)/.exec(info)[1]);
}

// Generates and prints one program; returns its words (as the checker counts them), the
// checker's findings and the pages on each paper.
export function measure(bin, program, dir = mkdtempSync(path.join(os.tmpdir(), "ptmcp-fit-"))) {
  const db = path.join(dir, "fit.db");
  // No word budget while measuring: every program is printed, to see what fits.
  const config = path.join(dir, "no-budget.json");
  writeFileSync(config, JSON.stringify({ hep: { page_word_budget: 2000, large_print_word_budget: 2000 } }));
  const run = spawnSync(bin, ["--db", db, "--config", config, "call", "generate_hep", "--args", "-"], {
    input: JSON.stringify(program.request), encoding: "utf8",
    env: { ...process.env, ...(program.extras ? CLINIC : { PTMCP_CLINIC_NAME: "", PTMCP_CLINIC_CONTACT: "" }) },
  });
  const result = JSON.parse(run.stdout);
  const words = result.structuredContent?.quality?.words;
  const html = result.structuredContent?.artifacts?.html;
  const out = { key: program.key, large: program.large, accepted: !result.isError, words, text: result.content?.[0]?.text };
  if (!html) return out;
  const stem = program.key.replace(/[^a-z0-9]+/gi, "-");
  for (const [paper, css] of [["letter", ""], ["a4", "@page { size: A4; }"]]) {
    const page = path.join(dir, `${stem}-${paper}.html`);
    writeFileSync(page, html.replace("<style>", `<style>${css}`));
    const pdf = page.replace(".html", ".pdf");
    const printed = chromium(dir, ["--no-pdf-header-footer", `--print-to-pdf=${pdf}`, `file://${page}`]);
    if (printed.status !== 0) throw new Error(printed.stderr);
    out[`${paper}_pages`] = pages(pdf);
  }
  return out;
}

export function fits(m) {
  return Math.max(m.letter_pages, m.a4_pages) <= (m.large ? 2 : 1);
}

// The budget: the longest measured program that fit its sheets (one at default print, two in
// large print) on both papers and is shorter than every program that did not.
export function budget(measurements, large) {
  const mine = measurements.filter((m) => m.large === large && m.letter_pages !== undefined);
  const shortest_over = Math.min(...mine.filter((m) => !fits(m)).map((m) => m.words));
  return Math.max(...mine.filter((m) => fits(m) && m.words < shortest_over).map((m) => m.words));
}

export function stored(sourceDir) {
  return JSON.parse(readFileSync(path.join(sourceDir, "data/config/page_fit.json"), "utf8"));
}
