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
  assert.ok(readFileSync(path.join(out, "calendar.ics"), "utf8").startsWith("BEGIN:VCALENDAR"));
  assert.ok(existsSync(path.join(out, "ptmcp.db")));
});
