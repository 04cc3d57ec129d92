// Bad input over the real binary's stdio: each gets the right answer or silence, a valid
// request afterwards still works, and every byte on stdout parses as JSON-RPC.
import { test } from "node:test";
import assert from "node:assert/strict";
import { INIT, startRaw } from "./harness.mjs";

async function withServer(fn) {
  const s = startRaw();
  s.send(INIT);
  await s.response(0);
  s.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  try {
    await fn(s);
    // After anything: a valid request still works.
    s.send({ jsonrpc: "2.0", id: "after", method: "ping" });
    assert.deepEqual((await s.response("after")).result, {});
  } finally {
    s.child.stdin.end();
    await s.exited;
  }
  for (const line of s.lines) {
    const m = JSON.parse(line);
    assert.equal(m.jsonrpc, "2.0");
    assert.ok("id" in m || "method" in m, line);
  }
  assert.equal(s.stdout, "", "a partial line was left on stdout");
  return s;
}

const errorFor = (s, pred) => s.waitFor((m) => "error" in m && pred(m));

test("invalid JSON is -32700 with a null id", () =>
  withServer(async (s) => {
    s.send('{"jsonrpc":"2.0","id":1,"method":"ping"\n');
    const m = await errorFor(s, () => true);
    assert.equal(m.error.code, -32700);
    assert.equal(m.id, null);
  }));

test("wrong types: method as a number, params as an array, tool name as a number", () =>
  withServer(async (s) => {
    s.send('{"jsonrpc":"2.0","id":1,"method":7}\n');
    assert.equal((await s.response(1)).error.code, -32600);
    s.send('{"jsonrpc":"2.0","id":2,"method":"ping","params":[1,2]}\n');
    assert.equal((await s.response(2)).error.code, -32602);
    s.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: 42 } });
    assert.equal((await s.response(3)).error.code, -32602);
  }));

test("missing fields: no jsonrpc, no method", () =>
  withServer(async (s) => {
    s.send('{"id":1,"method":"ping"}\n');
    assert.equal((await s.response(1)).error.code, -32600);
    s.send('{"jsonrpc":"2.0","id":2}\n');
    assert.equal((await s.response(2)).error.code, -32600);
    s.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: {} });
    assert.equal((await s.response(3)).error.code, -32602);
  }));

test("a 10 MB line is refused without killing the session", () =>
  withServer(async (s) => {
    const big = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"' + "a".repeat(10 * 1024 * 1024) + '"}}\n';
    s.send(big);
    const m = await errorFor(s, () => true);
    assert.equal(m.error.code, -32600);
    assert.match(m.error.message, /larger than/);
  }));

test("100,000 nested brackets are refused", () =>
  withServer(async (s) => {
    s.send("[".repeat(100000) + "]".repeat(100000) + "\n");
    const m = await errorFor(s, () => true);
    assert.equal(m.error.code, -32600);
    assert.match(m.error.message, /nested/);
  }));

test("invalid UTF-8 is a parse error", () =>
  withServer(async (s) => {
    s.send(Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"pi'), Buffer.from([0xff, 0xfe]), Buffer.from('ng"}\n')]));
    assert.equal((await errorFor(s, () => true)).error.code, -32700);
  }));

test("a batch array is refused", () =>
  withServer(async (s) => {
    s.send('[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}]\n');
    const m = await errorFor(s, () => true);
    assert.equal(m.error.code, -32600);
    assert.equal(m.id, null);
  }));

test("a notification with an id is a request for an unknown method", () =>
  withServer(async (s) => {
    s.send({ jsonrpc: "2.0", id: 5, method: "notifications/initialized" });
    assert.equal((await s.response(5)).error.code, -32601);
  }));

test("null ids are invalid; broken notifications get silence", () =>
  withServer(async (s) => {
    s.send('{"jsonrpc":"2.0","id":null,"method":"ping"}\n');
    const m = await errorFor(s, () => true);
    assert.equal(m.error.code, -32600);
    const before = s.lines.length;
    s.send('{"jsonrpc":"1.0","method":"notifications/cancelled"}\n');
    s.send('{"jsonrpc":"2.0","method":"notifications/unknown","params":{}}\n');
    s.send({ jsonrpc: "2.0", id: "probe", method: "ping" });
    await s.response("probe");
    assert.equal(s.lines.length, before + 1, "a notification got a reply");
  }));

test("empty lines and whitespace are ignored", () =>
  withServer(async (s) => {
    s.send("\n   \n\r\n");
  }));

test("server/discover gets -32601 before initialize", async () => {
  const s = startRaw();
  s.send({ jsonrpc: "2.0", id: 1, method: "server/discover", params: {} });
  assert.equal((await s.response(1)).error.code, -32601);
  s.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
  assert.equal((await s.response(2)).error.code, -32600);
  s.child.stdin.end();
  await s.exited;
});

test("exits promptly when stdin closes, even with slow work running", async () => {
  const s = startRaw();
  s.send(INIT);
  await s.response(0);
  s.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "fixture_slow", arguments: { milliseconds: 30000 } } });
  await new Promise((r) => setTimeout(r, 50));
  const t0 = Date.now();
  s.child.stdin.end();
  const { code } = await s.exited;
  assert.equal(code, 0);
  // Work already started gets 5 s to finish and be answered; then it is cancelled.
  assert.ok(Date.now() - t0 < 12000, `took ${Date.now() - t0} ms; the slow work was not stopped`);
});

test("exits promptly on SIGTERM", async () => {
  const s = startRaw();
  s.send(INIT);
  await s.response(0);
  s.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "fixture_slow", arguments: { milliseconds: 30000 } } });
  await new Promise((r) => setTimeout(r, 50));
  const t0 = Date.now();
  s.child.kill("SIGTERM");
  const { code } = await s.exited;
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms; the slow work was not stopped`);
});

test("an internal failure is -32603 and its text does not leak to stdout or stderr", async () => {
  const s = startRaw(["--engine-fixtures", "--log-level", "trace"]);
  s.send(INIT);
  await s.response(0);
  s.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "fixture_fail", arguments: { secret: "Maria-sentinel" } } });
  const m = await s.response(1);
  assert.equal(m.error.code, -32603);
  s.child.stdin.end();
  await s.exited;
  assert.ok(!s.lines.join("\n").includes("Maria-sentinel"));
  assert.ok(!s.stderr.includes("Maria-sentinel"));
});
