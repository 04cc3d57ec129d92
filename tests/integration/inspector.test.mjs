// The real binary driven by the MCP Inspector CLI, the way a developer pokes at a server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { BIN, BIN_DIR, freshDatabase } from "./harness.mjs";

const run = promisify(execFile);
const INSPECTOR = path.join(BIN_DIR, "mcp-inspector");

async function inspect(...args) {
  const db = freshDatabase();
  try {
    const { stdout } = await run(INSPECTOR, ["--cli", BIN, "--db", db, "--engine-fixtures", ...args], {
      timeout: 60000,
    });
    return { code: 0, json: JSON.parse(stdout) };
  } catch (e) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("tools/list", async () => {
  const { code, json } = await inspect("--method", "tools/list");
  assert.equal(code, 0);
  assert.ok(json.tools.some((t) => t.name === "fixture_echo"));
});

test("tools/call", async () => {
  const { code, json } = await inspect("--method", "tools/call", "--tool-name", "fixture_echo", "--tool-arg", "message=hi");
  assert.equal(code, 0);
  assert.deepEqual(json.structuredContent, { echo: "hi", count: 1 });
});

test("resources/list and resources/read", async () => {
  const list = await inspect("--method", "resources/list");
  assert.ok(list.json.resources.some((r) => r.uri === "ptmcp://guides/six-elements"));
  const read = await inspect("--method", "resources/read", "--uri", "ptmcp://guides/six-elements");
  assert.match(read.json.contents[0].text, /^# The six elements/);
});

test("prompts/list and prompts/get", async () => {
  const list = await inspect("--method", "prompts/list");
  assert.ok(list.json.prompts.some((p) => p.name === "fixture_prompt"));
  const got = await inspect("--method", "prompts/get", "--prompt-name", "fixture_prompt", "--prompt-args", "topic=beta");
  assert.equal(got.json.messages[0].content.text, "Tell me about beta.");
});
