// Streamable HTTP: the real binary behind `ptmcp serve --http`, driven by the TypeScript
// SDK's StreamableHTTPClientTransport and, where a client would never misbehave, by raw
// HTTP requests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { promisify } from "node:util";
import { BIN, BIN_DIR, SOURCE_DIR, freshDatabase, tempDir } from "./harness.mjs";

const TOKEN = "a-long-random-clinic-token-0123456789";
const SENTINEL = "Zebulonia"; // a patient name that must never reach the logs

// Starts `ptmcp serve --http` on a free loopback port; resolves once it listens.
function startServer(args = [], env = {}) {
  const child = spawn(BIN, ["--db", freshDatabase(), "--log-level", "debug", "serve", "--http", "--listen", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const server = { child, stderr: "", stdout: "" };
  child.stdout.on("data", (c) => (server.stdout += c));
  server.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  server.ready = new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      server.stderr += chunk;
      const m = /serving MCP at (https?:\/\/127\.0\.0\.1:(\d+)\/mcp)/.exec(server.stderr);
      if (m && !server.url) {
        server.url = m[1];
        server.port = Number(m[2]);
        resolve(server);
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${server.stderr}`)));
  });
  server.stop = async () => {
    child.kill("SIGTERM");
    return server.exited;
  };
  return server;
}

// Polls `done` until it holds; fails with `what` after ten seconds.
async function until(done, what) {
  const started = Date.now();
  while (!(await done())) {
    assert.ok(Date.now() - started < 10000, what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function connect(url, headers = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: "http-test", version: "1" });
  await client.connect(transport);
  return { client, transport };
}

// A raw request with full control of the headers (Host, Content-Length, chunked bodies).
function raw(port, { method = "POST", headers = {}, body, chunked = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/mcp", method, headers, setHost: !("Host" in headers) }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    if (chunked) {
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 50);
    } else {
      req.end(body);
    }
  });
}

const INIT = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});
const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

function hep(name) {
  const request = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
  request.patient.name = name;
  request.formats = ["markdown", "html"];
  return request;
}

test("a whole session over HTTP: tools, resources, prompts, completion, then DELETE ends it", async () => {
  const server = await startServer().ready;
  try {
    const { client, transport } = await connect(server.url);
    assert.match(transport.sessionId, /^[0-9a-f]{64}$/);
    const { tools } = await client.listTools();
    assert.equal(tools.length, 7);  // with find_programs
    const result = await client.callTool({ name: "generate_hep", arguments: hep(SENTINEL) });
    assert.ok(!result.isError, JSON.stringify(result.content));
    const id = result.structuredContent.program_id;
    const page = await client.readResource({ uri: `ptmcp://programs/${id}/page.html` });
    assert.match(page.contents[0].text, new RegExp(`${SENTINEL}'s home exercises`));
    const prompt = await client.getPrompt({ name: "adherence_review", arguments: { program_id: id } });
    assert.ok(prompt.messages[0].content.text.includes(id));
    const done = await client.complete({ ref: { type: "ref/prompt", name: "adherence_review" }, argument: { name: "program_id", value: id.slice(0, 4) } });
    assert.ok(done.completion.values.includes(id));
    // A bad call is an isError result, not an HTTP failure.
    const bad = await client.callTool({ name: "generate_hep", arguments: { patient: {} } });
    assert.equal(bad.isError, true);

    const sessionId = transport.sessionId;
    await transport.terminateSession();
    const after = await raw(server.port, { headers: { ...JSON_HEADERS, "Mcp-Session-Id": sessionId }, body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }) });
    assert.equal(after.status, 404);
    await client.close();
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0, "SIGTERM ends the server cleanly");
    assert.equal(server.stdout, "", "nothing on stdout");
    assert.ok(!server.stderr.includes(SENTINEL), "patient text reached the log");
    assert.match(server.stderr, /http POST \/mcp 200/, "requests are logged with method, path and status");
  }
});

test("concurrent clients each get their own session and their own programs", async () => {
  const server = await startServer().ready;
  try {
    const names = ["Ana", "Bea", "Cal", "Dev", "Eli", "Fay"];
    const results = await Promise.all(
      names.map(async (name) => {
        const { client, transport } = await connect(server.url);
        const r = await client.callTool({ name: "generate_hep", arguments: hep(name) });
        await client.close();
        return { session: transport.sessionId, patient: r.structuredContent.patient_name, id: r.structuredContent.program_id };
      }),
    );
    assert.equal(new Set(results.map((r) => r.session)).size, names.length);
    assert.equal(new Set(results.map((r) => r.id)).size, names.length);
    assert.deepEqual(results.map((r) => r.patient), names);
  } finally {
    await server.stop();
  }
});

test("progress streams over SSE before the answer", async () => {
  const server = await startServer(["--engine-fixtures"]).ready;
  try {
    const { client } = await connect(server.url);
    const progress = [];
    const result = await client.callTool({ name: "fixture_slow", arguments: { milliseconds: 300 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    assert.equal(result.structuredContent.completed, true);
    assert.ok(progress.length >= 2, `expected progress notifications, got ${progress.length}`);
    const raw1 = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
    const sid = raw1.headers["mcp-session-id"];
    const sse = await raw(server.port, {
      headers: { ...JSON_HEADERS, "Mcp-Session-Id": sid },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "fixture_slow", arguments: { milliseconds: 120 }, _meta: { progressToken: "t1" } } }),
    });
    assert.match(sse.headers["content-type"], /text\/event-stream/);
    const events = sse.body.split("\n\n").filter(Boolean).map((e) => JSON.parse(e.split("\n").find((l) => l.startsWith("data: ")).slice(6)));
    assert.ok(events.length >= 2);
    assert.equal(events.at(-1).id, 2, "the answer comes last");
    assert.ok(events.slice(0, -1).every((e) => e.method === "notifications/progress" && e.params.progressToken === "t1"));
    await client.close();
  } finally {
    await server.stop();
  }
});

test("a request the client cancels ends with no answer, and the session goes on", async () => {
  const server = await startServer(["--engine-fixtures"]).ready;
  try {
    // The SDK client: an aborted call sends notifications/cancelled; the server ends the
    // call's response without an answer, which the client takes without an error.
    const { client } = await connect(server.url);
    const errors = [];
    client.onerror = (e) => errors.push(String(e));
    const abort = new AbortController();
    const call = client.callTool({ name: "fixture_slow", arguments: { milliseconds: 20000 } }, undefined, { signal: abort.signal });
    setTimeout(() => abort.abort("the therapist moved on"), 300);
    await assert.rejects(call);
    assert.deepEqual((await client.ping()), {});
    // The tool itself stopped: the session says so once the worker is done with it.
    await until(() => /tools\/call \S+ cancelled; no response sent/.test(server.stderr), "the cancelled tool kept running");
    assert.deepEqual(errors, []);
    await client.close();

    // Raw: the cancelled request's own response is an empty stream, or 204 for a client
    // that takes only JSON.
    const init = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
    const sid = init.headers["mcp-session-id"];
    for (const [accept, status, type] of [["application/json, text/event-stream", 200, /text\/event-stream/], ["application/json", 204, undefined]]) {
      const id = status;
      const slow = raw(server.port, {
        headers: { "Content-Type": "application/json", Accept: accept, "Mcp-Session-Id": sid },
        body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "fixture_slow", arguments: { milliseconds: 20000 } } }),
      });
      // A cancel for an id the server has not seen yet is ignored, so it is sent again until
      // the server says it cancelled the request.
      await until(async () => {
        const cancel = await raw(server.port, {
          headers: { ...JSON_HEADERS, "Mcp-Session-Id": sid },
          body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "no longer needed" } }),
        });
        assert.equal(cancel.status, 202);
        return new RegExp(`cancelled request ${id}\\b`).test(server.stderr);
      }, "the server never had the request to cancel");
      const answer = await slow;
      assert.equal(answer.status, status, accept);
      assert.equal(answer.body, "");
      if (type) assert.match(answer.headers["content-type"], type);
    }
    const ping = await raw(server.port, { headers: { ...JSON_HEADERS, "Mcp-Session-Id": sid }, body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }) });
    assert.deepEqual(JSON.parse(ping.body), { jsonrpc: "2.0", id: 9, result: {} });
  } finally {
    await server.stop();
  }
});

test("a request still running after --request-timeout is cancelled and answered 504", async () => {
  const server = await startServer(["--engine-fixtures", "--request-timeout", "1"]).ready;
  try {
    const init = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
    const sid = init.headers["mcp-session-id"];
    const headers = { ...JSON_HEADERS, "Mcp-Session-Id": sid };
    const started = Date.now();
    const late = await raw(server.port, {
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: "late", method: "tools/call", params: { name: "fixture_slow", arguments: { milliseconds: 20000 } } }),
    });
    assert.equal(late.status, 504);
    const error = JSON.parse(late.body);
    assert.equal(error.id, "late");
    assert.match(error.error.message, /timed out and was cancelled/);
    assert.ok(Date.now() - started < 5000);
    await until(() => /tools\/call "late" cancelled; no response sent/.test(server.stderr), "the timed-out tool kept running");
    assert.match(server.stderr, /tools\/call fixture_slow cancelled in \d+ us/);
    // A streamed call (it asked for progress) that times out: the progress so far, then the
    // same error as the stream's last event.
    const streamed = await raw(server.port, {
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "fixture_slow", arguments: { milliseconds: 20000 }, _meta: { progressToken: "p" } } }),
    });
    assert.equal(streamed.status, 200);
    assert.match(streamed.headers["content-type"], /text\/event-stream/);
    const events = streamed.body.split("\n\n").filter(Boolean).map((e) => JSON.parse(e.split("\n").find((l) => l.startsWith("data: ")).slice(6)));
    assert.ok(events.slice(0, -1).every((e) => e.method === "notifications/progress"));
    assert.equal(events.at(-1).id, 3);
    assert.match(events.at(-1).error.message, /timed out and was cancelled/);
    // The session goes on; the SDK client sees a 504 as a failed call.
    const ping = await raw(server.port, { headers, body: JSON.stringify({ jsonrpc: "2.0", id: 4, method: "ping" }) });
    assert.deepEqual(JSON.parse(ping.body), { jsonrpc: "2.0", id: 4, result: {} });
    const { client } = await connect(server.url);
    await assert.rejects(client.callTool({ name: "fixture_slow", arguments: { milliseconds: 20000 } }), (e) => {
      assert.equal(e.code, 504);
      assert.match(e.message, /timed out and was cancelled/);
      return true;
    });
    await assert.rejects(
      client.callTool({ name: "fixture_slow", arguments: { milliseconds: 20000 } }, undefined, { onprogress: () => {} }),
      /timed out and was cancelled/,
    );
    const quick = await client.callTool({ name: "fixture_slow", arguments: { milliseconds: 10 } });
    assert.equal(quick.structuredContent.completed, true);
    await client.close();
  } finally {
    await server.stop();
  }
});

test("sessions expire when idle, and an expired session is 404", async () => {
  const server = await startServer(["--session-idle", "1"]).ready;
  try {
    const { client, transport } = await connect(server.url);
    await client.ping();
    const sid = transport.sessionId;
    // The sweep runs every second; wait (without touching the session) until it says it
    // ended one, rather than betting on how soon that is on a busy machine.
    await until(() => /1 sessions expired after 1 s idle/.test(server.stderr), "the idle session did not expire");
    const res = await raw(server.port, { headers: { ...JSON_HEADERS, "Mcp-Session-Id": sid }, body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "ping" }) });
    assert.equal(res.status, 404);
  } finally {
    await server.stop();
  }
});

test("the protocol's HTTP rules: session header, protocol version, GET, notifications", async () => {
  const server = await startServer().ready;
  try {
    const port = server.port;
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 5, method: "ping" });
    assert.equal((await raw(port, { headers: JSON_HEADERS, body: ping })).status, 400, "no Mcp-Session-Id");
    assert.equal((await raw(port, { headers: { ...JSON_HEADERS, "Mcp-Session-Id": "nope" }, body: ping })).status, 404, "unknown session");
    const init = await raw(port, { headers: JSON_HEADERS, body: INIT });
    assert.equal(init.status, 200);
    const sid = init.headers["mcp-session-id"];
    const headers = { ...JSON_HEADERS, "Mcp-Session-Id": sid };
    const note = await raw(port, { headers, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
    assert.equal(note.status, 202);
    assert.equal(note.body, "");
    assert.equal((await raw(port, { headers: { ...headers, "MCP-Protocol-Version": "1999-01-01" }, body: ping })).status, 400);
    const ok = await raw(port, { headers: { ...headers, "MCP-Protocol-Version": "2025-11-25" }, body: ping });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body), { jsonrpc: "2.0", id: 5, result: {} });
    assert.equal((await raw(port, { method: "GET", headers: { Accept: "text/event-stream", "Mcp-Session-Id": sid } })).status, 405);
    const garbage = await raw(port, { headers, body: "{not json" });
    assert.equal(garbage.status, 400);
    assert.equal(JSON.parse(garbage.body).error.code, -32700);
    assert.equal((await raw(port, { headers: { ...headers, "Content-Type": "text/plain" }, body: ping })).status, 415);
  } finally {
    await server.stop();
  }
});

test("Origin and Host outside the allow-list are 403 (DNS rebinding)", async () => {
  const server = await startServer(["--allow-origin", "https://ehr.example.org"]).ready;
  try {
    const port = server.port;
    const evilOrigin = await raw(port, { headers: { ...JSON_HEADERS, Origin: "http://evil.example.com" }, body: INIT });
    assert.equal(evilOrigin.status, 403);
    const evilHost = await raw(port, { headers: { ...JSON_HEADERS, Host: `evil.example.com:${port}` }, body: INIT });
    assert.equal(evilHost.status, 403);
    const local = await raw(port, { headers: { ...JSON_HEADERS, Host: `localhost:${port}`, Origin: `http://localhost:${port}` }, body: INIT });
    assert.equal(local.status, 200);
    const listed = await raw(port, { headers: { ...JSON_HEADERS, Origin: "https://ehr.example.org" }, body: INIT });
    assert.equal(listed.status, 200);
  } finally {
    await server.stop();
  }
});

test("bodies: oversized, chunked and length-less bodies are refused before they are read", async () => {
  const server = await startServer().ready;
  try {
    const port = server.port;
    // Declares 5 MiB but sends a few bytes: the answer comes from the headers alone.
    const big = await raw(port, { headers: { ...JSON_HEADERS, "Content-Length": String(5 << 20) }, body: "{" });
    assert.equal(big.status, 413);
    const chunked = await raw(port, { headers: { ...JSON_HEADERS, "Transfer-Encoding": "chunked" }, body: INIT, chunked: true });
    assert.equal(chunked.status, 411);
    // No Content-Length and no chunking: the body would run to the end of the connection.
    const lengthless = await new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n\r\n${INIT}`);
      });
      let text = "";
      socket.on("data", (c) => {
        text += c;
        if (text.includes("\r\n\r\n")) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on("error", reject);
    });
    assert.match(lengthless, /^HTTP\/1\.1 411 /);
    // The server still serves.
    assert.equal((await raw(port, { headers: JSON_HEADERS, body: INIT })).status, 200);
  } finally {
    await server.stop();
  }
});

test("with tokens: no token or a wrong one is 401, the right one works", async () => {
  const server = await startServer([], { PTMCP_HTTP_TOKENS: `another-token-that-is-long-enough,${TOKEN}` }).ready;
  try {
    const none = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
    assert.equal(none.status, 401);
    assert.match(none.headers["www-authenticate"], /^Bearer /);
    const wrong = await raw(server.port, { headers: { ...JSON_HEADERS, Authorization: `Bearer ${TOKEN}x` }, body: INIT });
    assert.equal(wrong.status, 401);
    const { client } = await connect(server.url, { Authorization: `Bearer ${TOKEN}` });
    const { tools } = await client.listTools();
    assert.equal(tools.length, 7);  // with find_programs
    await client.close();

    // Claude Code, pointed at the server as the README says, reports it connected.
    const home = tempDir("ptmcp-home-");
    const env = { ...process.env, HOME: home, DISABLE_AUTOUPDATER: "1", CLAUDE_CONFIG_DIR: path.join(home, ".claude") };
    const run = promisify(execFile);
    const claude = path.join(BIN_DIR, "claude");
    const opts = { env, cwd: tempDir("ptmcp-project-"), timeout: 120000 };
    await run(claude, ["mcp", "add", "--transport", "http", "ptmcp", server.url, "--header", `Authorization: Bearer ${TOKEN}`], opts);
    const { stdout } = await run(claude, ["mcp", "list"], opts);
    assert.match(stdout.split("\n").find((l) => l.startsWith("ptmcp:")) ?? stdout, /Connected/);
  } finally {
    await server.stop();
  }
});

test("with a certificate and key it serves HTTPS", async () => {
  const dir = tempDir("ptmcp-tls-");
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const server = await startServer(["--tls-cert", cert, "--tls-key", key]).ready;
  assert.match(server.url, /^https:/);
  try {
    const res = await new Promise((resolve, reject) => {
      const req = https.request({ host: "127.0.0.1", port: server.port, path: "/mcp", method: "POST", ca: readFileSync(cert), headers: { ...JSON_HEADERS, "Content-Length": Buffer.byteLength(INIT) } }, (r) => {
        let body = "";
        r.on("data", (c) => (body += c));
        r.on("end", () => resolve({ status: r.statusCode, body, headers: r.headers }));
      });
      req.on("error", reject);
      req.end(INIT);
    });
    assert.equal(res.status, 200);
    assert.ok(res.headers["mcp-session-id"]);
    assert.equal(JSON.parse(res.body).result.serverInfo.name, "ptmcp");
  } finally {
    await server.stop();
  }
});

test("a public address without tokens, or a half TLS pair, refuses to start", () => {
  const db = freshDatabase();
  const open = spawnSync(BIN, ["--db", db, "serve", "--http", "--listen", "0.0.0.0:0"], { encoding: "utf8", timeout: 10000 });
  assert.equal(open.status, 64);
  assert.match(open.stderr, /without authentication/);
  const tls = spawnSync(BIN, ["--db", db, "serve", "--http", "--tls-cert", "c.pem"], { encoding: "utf8", timeout: 10000 });
  assert.equal(tls.status, 64);
  assert.match(tls.stderr, /both --tls-cert and --tls-key/);
});

// ---- the security review's findings, one test each ----

// Sends `text` as it is on a new connection (from `localAddress`, any loopback address) and
// resolves with the status codes of the responses that come back before the server closes
// the connection, `expect` responses are complete, or `ms` pass.
function rawSocket(port, text, { localAddress = "127.0.0.1", ms = 3000, expect = 1 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress }, () => socket.write(text));
    let data = "";
    const finish = () => {
      socket.destroy();
      resolve([...data.matchAll(/^HTTP\/1\.1 (\d{3}) /gm)].map((m) => Number(m[1])));
    };
    const timer = setTimeout(finish, ms);
    // Done as soon as `expect` whole responses (headers and Content-Length body) are in.
    const complete = () => {
      let rest = data;
      let n = 0;
      while (true) {
        const end = rest.indexOf("\r\n\r\n");
        if (end < 0) return n;
        const length = Number(/^content-length: *(\d+)/im.exec(rest.slice(0, end))?.[1] ?? 0);
        if (rest.length < end + 4 + length) return n;
        rest = rest.slice(end + 4 + length);
        n++;
      }
    };
    socket.on("data", (c) => {
      data += c;
      if (complete() >= expect) {
        clearTimeout(timer);
        finish();
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      finish();
    });
    socket.on("error", () => {});
  });
}

function post(host, body, extra = "") {
  return `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nAccept: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test("DNS rebinding: names that merely start like loopback are refused, malformed and doubled headers are 400", async () => {
  const server = await startServer().ready;
  try {
    const port = server.port;
    for (const host of [`127.attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, "127.evil", `localhost.attacker.example:${port}`]) {
      const r = await raw(port, { headers: { ...JSON_HEADERS, Host: host, Origin: `http://${host}` }, body: INIT });
      assert.equal(r.status, 403, host);
    }
    for (const host of [`[::1].attacker.example:${port}`, `127.0.0.1@attacker.example:${port}`, "127.0.0.1 evil", `127.0.0.1:${port}x`]) {
      assert.deepEqual(await rawSocket(port, post(host, INIT)), [400], host);
    }
    assert.deepEqual(await rawSocket(port, post(`127.0.0.1:${port}`, INIT, `Host: evil.example\r\n`)), [400], "two Host headers");
    assert.deepEqual(
      await rawSocket(port, post(`127.0.0.1:${port}`, INIT, `Origin: http://localhost\r\nOrigin: http://evil.example\r\n`)),
      [400],
      "two Origin headers",
    );
    assert.deepEqual(await rawSocket(port, post(`127.0.0.1:${port}`, INIT, "Origin: http://127.0.0.1@evil.example\r\n")), [400]);
    assert.deepEqual(await rawSocket(port, post(`127.0.0.1:${port}`, INIT, "Origin: null\r\n")), [403]);
    // The real loopback names still work.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `127.3.4.5:${port}`]) {
      assert.deepEqual(await rawSocket(port, post(host, INIT, `Origin: http://${host}\r\n`)), [200], host);
    }
  } finally {
    await server.stop();
  }
});

test("a listen name is judged by the address it resolves to, not by how it starts", () => {
  const r = spawnSync(BIN, ["--db", freshDatabase(), "serve", "--http", "--listen", "127.lan.example:0"], { encoding: "utf8", timeout: 20000 });
  assert.equal(r.status, 64, r.stderr);
  assert.doesNotMatch(r.stderr, /serving MCP/);
});

test("slow clients: 50 connections sending a byte a second do not stop a normal client, and are cut off", async () => {
  const server = await startServer().ready;  // the default: 5 s to send a request
  const slow = [];
  try {
    const port = server.port;
    const opened = Date.now();
    for (let i = 0; i < 50; i++) {
      const socket = net.connect({ port, host: "127.0.0.1", localAddress: "127.0.0.2" });
      const s = { socket, closedAt: null };
      socket.on("error", () => {});
      socket.on("close", () => (s.closedAt = Date.now()));
      const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`;
      let sent = 0;
      s.timer = setInterval(() => {
        if (!socket.destroyed && sent < head.length) socket.write(head[sent++]);
      }, 1000);
      slow.push(s);
    }
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    const statuses = await rawSocket(port, post(`127.0.0.1:${port}`, INIT), { ms: 5000 });
    assert.deepEqual(statuses, [200], "the normal client was answered");
    assert.ok(Date.now() - t0 < 1500, `the normal client waited ${Date.now() - t0} ms`);
    assert.ok(slow.some((s) => s.closedAt === null), "slow connections were still open while it was answered");
    // Every slow connection is closed: over the per-address cap at once, the rest when their
    // 5 s to send a request run out.
    await until(() => slow.every((s) => s.closedAt !== null), "slow connections were left open");
    assert.ok(Math.max(...slow.map((s) => s.closedAt)) - opened < 8000, "slow connections were held too long");
  } finally {
    for (const s of slow) {
      clearInterval(s.timer);
      s.socket.destroy();
    }
    await server.stop();
  }
});

// A full accept queue drops SYNs, and the client's first retransmission comes a second
// later: every connect must complete well inside that second.
test("2,000 simultaneous connects are all accepted by the backlog", async () => {
  const server = await startServer().ready;
  try {
    const results = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        new Promise((resolve) => {
          const socket = net.connect({ port: server.port, host: "127.0.0.1", localAddress: `127.0.${1 + (i % 200)}.${10 + Math.floor(i / 200)}` });
          const timer = setTimeout(() => {
            socket.destroy();
            resolve("timeout");
          }, 900);
          socket.on("connect", () => {
            clearTimeout(timer);
            socket.destroy();
            resolve("connected");
          });
          socket.on("error", (e) => {
            clearTimeout(timer);
            resolve(e.code);
          });
        }),
      ),
    );
    const counts = {};
    for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
    assert.deepEqual(counts, { connected: 2000 });
    assert.equal((await raw(server.port, { headers: JSON_HEADERS, body: INIT })).status, 200, "still serving");
  } finally {
    await server.stop();
  }
});

test("two pipelined requests on one connection get two answers, in order", async () => {
  const server = await startServer().ready;
  try {
    const host = `127.0.0.1:${server.port}`;
    const init = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
    const sid = init.headers["mcp-session-id"];
    const ping = (id) => JSON.stringify({ jsonrpc: "2.0", id, method: "ping" });
    const extra = `Mcp-Session-Id: ${sid}\r\n`;
    const text = await new Promise((resolve) => {
      const socket = net.connect(server.port, "127.0.0.1", () => socket.write(post(host, ping(71), extra) + post(host, ping(72), extra)));
      let data = "";
      socket.on("data", (c) => {
        data += c;
        if ((data.match(/"result"/g) ?? []).length === 2) {
          socket.destroy();
          resolve(data);
        }
      });
      setTimeout(() => {
        socket.destroy();
        resolve(data);
      }, 4000);
    });
    const ids = [...text.matchAll(/"id":(\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids, [71, 72]);
  } finally {
    await server.stop();
  }
});

test("a session answers only the token that started it", async () => {
  const other = "another-clinic-token-abcdefghijkl";
  const server = await startServer([], { PTMCP_HTTP_TOKENS: `${TOKEN},${other}` }).ready;
  try {
    const auth = (t) => ({ ...JSON_HEADERS, Authorization: `Bearer ${t}` });
    const init = await raw(server.port, { headers: auth(TOKEN), body: INIT });
    assert.equal(init.status, 200);
    const sid = init.headers["mcp-session-id"];
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    assert.equal((await raw(server.port, { headers: { ...auth(other), "Mcp-Session-Id": sid }, body: ping })).status, 404);
    assert.equal((await raw(server.port, { method: "DELETE", headers: { ...auth(other), "Mcp-Session-Id": sid } })).status, 404);
    assert.equal((await raw(server.port, { headers: { ...auth(TOKEN), "Mcp-Session-Id": sid }, body: ping })).status, 200);
  } finally {
    await server.stop();
  }
});

test("a flood of initialize calls cannot end a session in use: the table says 503 with Retry-After", async () => {
  const server = await startServer(["--max-sessions", "4"]).ready;
  try {
    const { client } = await connect(server.url);
    let pings = 0;
    let failed = null;
    let running = true;
    const gateway = (async () => {
      while (running) {
        try {
          await client.ping();
          pings++;
        } catch (e) {
          failed = e;
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const statuses = {};
    let retryAfter = null;
    for (let i = 0; i < 300; i++) {
      const r = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 503) retryAfter = r.headers["retry-after"];
    }
    await new Promise((r) => setTimeout(r, 600));
    running = false;
    await gateway;
    assert.equal(failed, null, `the gateway's session was ended: ${failed}`);
    assert.ok(pings >= 3, `pings: ${pings}`);
    assert.equal(statuses[200], 3, JSON.stringify(statuses));
    assert.equal(statuses[503], 297, JSON.stringify(statuses));
    assert.match(String(retryAfter), /^\d+$/);
  } finally {
    await server.stop();
  }
});

test("one client may start only so many sessions a minute: 429 with Retry-After past that", async () => {
  const server = await startServer(["--max-sessions", "1000"]).ready;
  try {
    const statuses = [];
    let retryAfter = null;
    for (let i = 0; i < 125; i++) {
      const r = await raw(server.port, { headers: JSON_HEADERS, body: INIT });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = Number(r.headers["retry-after"]);
    }
    assert.equal(statuses.filter((s) => s === 200).length, 120);
    assert.equal(statuses.filter((s) => s === 429).length, 5);
    assert.ok(retryAfter >= 1 && retryAfter <= 61, `Retry-After ${retryAfter}`);
  } finally {
    await server.stop();
  }
});

test("a client name with a newline and an escape sequence cannot forge a log line", async () => {
  const server = await startServer().ready;
  try {
    const forged = "evil\n2026-12-01T00:00:00.000 info session ended by the client\u001b[2J";
    const body = JSON.stringify({ ...JSON.parse(INIT), params: { ...JSON.parse(INIT).params, clientInfo: { name: forged, version: "1" } } });
    assert.equal((await raw(server.port, { headers: JSON_HEADERS, body })).status, 200);
    await until(() => server.stderr.includes("initialized with evil"), "the initialize line was not logged");
    assert.ok(!server.stderr.includes("\u001b[2J"), "an escape sequence reached the log");
    assert.ok(!/^2026-12-01T00:00:00\.000 info/m.test(server.stderr), "a forged line starts a line of the log");
    assert.match(server.stderr, /initialized with evil\\n2026-12-01T00:00:00\.000 info session ended by the client\\x1b\[2J/);
  } finally {
    await server.stop();
  }
});
