// Fit measured, not guessed: the grid of programs in page_fit.mjs printed by headless
// Chromium on US Letter and A4 must bear out the word budgets in data/config/page_fit.json
// (regenerate them with scripts/measure_page_fit.mjs), and a four-exercise program with 2 to
// 3 sentences each prints on one sheet at default print.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, SOURCE_DIR, freshDatabase, tempDir } from "./harness.mjs";
import { CLINIC, budget, fits, grid, measure, stored } from "./page_fit.mjs";

test("every program within the measured budget fits its sheets on Letter and A4", () => {
  const fit = stored(SOURCE_DIR);
  const dir = tempDir("ptmcp-fit-");
  const measurements = grid().map((p) => measure(BIN, p, dir));
  for (const m of measurements) {
    const limit = m.large ? fit.large_print.two_sheet_words : fit.default_print.one_sheet_words;
    if (m.words <= limit) assert.ok(fits(m), `${m.key}: ${m.words} words printed ${m.letter_pages} Letter / ${m.a4_pages} A4 pages`);
  }
  // The stored budgets are what this layout measures now (rerun the script when it changes).
  assert.equal(budget(measurements, false), fit.default_print.one_sheet_words);
  assert.equal(budget(measurements, true), fit.large_print.two_sheet_words);
});

function generate(request, env = CLINIC) {
  const dir = tempDir("ptmcp-four-");
  const run = spawnSync(BIN, ["--db", freshDatabase(dir), "call", "generate_hep", "--args", "-"], {
    input: JSON.stringify({ ...request, formats: ["html"] }), encoding: "utf8", env: { ...process.env, ...env },
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return { dir, result: JSON.parse(run.stdout) };
}

test("four exercises with 2 to 3 sentences each fit one sheet at default print, two in large print", () => {
  const request = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/agreement/shoulder_four.json"), "utf8"));
  for (const large of [false, true]) {
    request.patient.large_print = large;
    const program = { key: `shoulder four ${large ? "large" : "default"}`, large, extras: true, request: { ...request, formats: ["html"] } };
    const { dir } = generate(request);
    const m = measure(BIN, program, dir);
    assert.ok(m.accepted, m.text);
    assert.ok(fits(m), `${m.key}: ${m.letter_pages} Letter / ${m.a4_pages} A4 pages`);
    const html = generate(request).result.structuredContent.artifacts.html;
    const page = path.join(dir, `four-${large ? "large" : "default"}.html`);
    writeFileSync(page, html);
    const png = page.replace(".html", ".png");
    spawnSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", `--user-data-dir=${path.join(dir, "shot")}`, "--window-size=816,1400", `--screenshot=${png}`, `file://${page}`], { timeout: 120000 });
    console.log(`screenshot: ${png}`);
  }
});
