// Claude Code (npm @anthropic-ai/claude-code) registers the binary and reports it connected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { BIN, BIN_DIR, freshDatabase, tempDir } from "./harness.mjs";

const run = promisify(execFile);

test("claude mcp add, then claude mcp list shows ptmcp connected", async () => {
  const home = tempDir("ptmcp-home-");
  const project = tempDir("ptmcp-project-");
  const env = { ...process.env, HOME: home, DISABLE_AUTOUPDATER: "1", CLAUDE_CONFIG_DIR: path.join(home, ".claude") };
  const claude = path.join(BIN_DIR, "claude");
  const db = freshDatabase(home, "ptmcp.db");
  await run(claude, ["mcp", "add", "ptmcp", "--", BIN, "--db", db], { env, cwd: project, timeout: 120000 });
  const { stdout } = await run(claude, ["mcp", "list"], { env, cwd: project, timeout: 120000 });
  const line = stdout.split("\n").find((l) => l.startsWith("ptmcp:"));
  assert.ok(line, `ptmcp missing from:\n${stdout}`);
  assert.match(line, /Connected/);
});
