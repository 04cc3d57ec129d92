// Shared helpers for the integration tests: where the binary is, and a raw line-level
// driver for the tests that must see exactly what the server writes.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const BIN = process.env.PTMCP_BIN;
if (!BIN) throw new Error("PTMCP_BIN must name the ptmcp binary (ctest sets it)");
export const SOURCE_DIR = process.env.PTMCP_SOURCE_DIR ?? path.resolve("../..");
export const BIN_DIR = path.resolve("node_modules/.bin");

export function tempDir(prefix = "ptmcp-") {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export const INIT = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "raw-test", version: "1" },
  },
};

// Starts the binary with raw pipes. `lines` collects every stdout line; `waitFor(pred)`
// resolves with the first parsed message matching `pred`.
export function startRaw(args = ["--engine-fixtures"], env = {}) {
  const dir = tempDir();
  const child = spawn(BIN, ["--db", path.join(dir, "t.db"), ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const state = { child, stdout: "", stderr: "", lines: [], waiters: [] };
  child.stdout.on("data", (chunk) => {
    state.stdout += chunk.toString("utf8");
    let nl;
    while ((nl = state.stdout.indexOf("\n")) >= 0) {
      const line = state.stdout.slice(0, nl);
      state.stdout = state.stdout.slice(nl + 1);
      state.lines.push(line);
      const message = JSON.parse(line); // a line that is not JSON fails the test here
      for (const w of [...state.waiters]) {
        if (w.pred(message)) {
          state.waiters.splice(state.waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    }
  });
  child.stderr.on("data", (chunk) => (state.stderr += chunk.toString("utf8")));
  state.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  state.send = (data) =>
    child.stdin.write(typeof data === "string" || Buffer.isBuffer(data) ? data : JSON.stringify(data) + "\n");
  state.waitFor = (pred, ms = 5000) =>
    new Promise((resolve, reject) => {
      for (const line of state.lines) {
        const m = JSON.parse(line);
        if (pred(m)) return resolve(m);
      }
      const timer = setTimeout(() => reject(new Error("timed out waiting for a message")), ms);
      state.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  state.response = (id, ms) => state.waitFor((m) => m.id === id && !("method" in m), ms);
  return state;
}
