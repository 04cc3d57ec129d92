// `serve --http --stateless`: no Mcp-Session-Id, every POST stands alone. The SDK client
// works against it unchanged (tools, progress in the request's stream), and two instances
// behind a real nginx round-robin upstream, sharing one PostgreSQL database, answer one
// client as if they were one: what is written through one is read through the other.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { BIN, SOURCE_DIR, tempDir } from "./harness.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
const SCRIPT = path.join(SOURCE_DIR, "tests/tools/throwaway_postgres.sh");
const NGINX = "/usr/sbin/nginx";
const children = [];

function startServer(db, args = []) {
  const child = spawn(BIN, ["--db", db, "--log-level", "info", "serve", "--http", "--stateless", "--listen", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const server = { child, stderr: "" };
  server.ready = new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      server.stderr += chunk;
      const m = /serving MCP at (http:\/\/127\.0\.0\.1:(\d+)\/mcp)/.exec(server.stderr);
      if (m && !server.url) {
        server.url = m[1];
        server.port = Number(m[2]);
        resolve(server);
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${server.stderr}`)));
  });
  return server;
}

async function connect(url) {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: "stateless-test", version: "1" });
  await client.connect(transport);
  return { client, transport };
}

const post = (url, body, headers = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });

after(() => {
  for (const c of children) c.kill("SIGKILL");
});

test("a stateless server issues no session, and every POST stands alone", async () => {
  const server = await startServer(path.join(tempDir(), "t.db"), ["--engine-fixtures"]).ready;
  const init = await post(server.url, { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
  assert.equal(init.status, 200);
  assert.equal(init.headers.get("mcp-session-id"), null);
  // Without initialize first, and with a session id no one issued: answered all the same.
  const list = await post(server.url, { jsonrpc: "2.0", id: 2, method: "tools/list" }, { "Mcp-Session-Id": "made-up" });
  assert.equal(list.status, 200);
  assert.ok((await list.json()).result.tools.some((t) => t.name === "generate_hep"));
  assert.equal((await fetch(server.url, { method: "DELETE" })).status, 405);

  const { client, transport } = await connect(server.url);
  assert.equal(transport.sessionId, undefined);
  const progress = [];
  const slow = await client.callTool({ name: "fixture_slow", arguments: { milliseconds: 300 } }, undefined, {
    onprogress: (p) => progress.push(p.progress),
  });
  assert.equal(slow.structuredContent.completed, true);
  assert.ok(progress.length >= 2, `progress within the request's stream: ${progress.length}`);
  const made = await client.callTool({ name: "generate_hep", arguments: TKA });
  assert.equal(made.isError, false);
  const id = made.structuredContent.program_id;
  const read = await client.readResource({ uri: `ptmcp://programs/${id}` });
  assert.ok(read.contents[0].text.includes(id));
  const done = await client.complete({ ref: { type: "ref/prompt", name: "adherence_review" }, argument: { name: "program_id", value: id.slice(0, 4) } });
  assert.ok(done.completion.values.includes(id));
  const prompt = await client.getPrompt({ name: "adherence_review", arguments: { program_id: id } });
  assert.match(prompt.messages[0].content.text, new RegExp(id));
  await client.close();
});

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test("two instances behind nginx round robin, one PostgreSQL: written through one, read through the other", { skip: !existsSync(NGINX) && "nginx is not installed" }, async () => {
  const cluster = tempDir("ptmcp-pg-");
  const started = spawnSync(SCRIPT, ["start", cluster, String(process.pid)], { encoding: "utf8" });
  assert.equal(started.status, 0, started.stderr);
  const db = `postgresql:///postgres?host=${started.stdout.trim()}&user=ptmcp`;
  const dir = tempDir("ptmcp-nginx-");
  let nginx;
  try {
    const [a, b] = await Promise.all([startServer(db).ready, startServer(db).ready]);
    const port = await freePort();
    writeFileSync(path.join(dir, "nginx.conf"), `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_buffer_size 1m;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream ptmcp {
    server 127.0.0.1:${a.port};
    server 127.0.0.1:${b.port};
  }
  server {
    listen 127.0.0.1:${port};
    location /mcp {
      proxy_pass http://ptmcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
    }
  }
}
`);
    nginx = spawn(NGINX, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(nginx);
    const url = `http://127.0.0.1:${port}/mcp`;
    const started = Date.now();
    for (;;) {
      try {
        if ((await post(url, { jsonrpc: "2.0", id: 0, method: "ping" })).status === 200) break;
      } catch {}
      assert.ok(Date.now() - started < 10000, "nginx did not start");
      await new Promise((r) => setTimeout(r, 100));
    }

    const served = (s) => (s.stderr.match(/http POST \/mcp 200/g) ?? []).length;
    const before = [served(a), served(b)];
    const { client } = await connect(url);
    const made = await client.callTool({ name: "generate_hep", arguments: TKA });
    assert.equal(made.isError, false, made.content?.[0]?.text);
    const id = made.structuredContent.program_id;
    const revised = await client.callTool({ name: "generate_hep", arguments: { ...TKA, program_id: id } });
    assert.equal(revised.structuredContent.version, 2);
    for (let day = 24; day <= 28; day++) {
      const r = await client.callTool({ name: "record_checkin", arguments: { program_id: id, message: "done", received_at: `2026-11-${day}T07:30:00-05:00` } });
      assert.equal(r.isError, false, r.content?.[0]?.text);
    }
    // Several reads in a row: round robin sends them to both instances, and each gives the
    // same answer from the shared database.
    const reviews = [];
    for (let i = 0; i < 4; i++) {
      reviews.push((await client.callTool({ name: "review_adherence", arguments: { program_id: id, from: "2026-11-24", to: "2026-11-28" } })).structuredContent);
    }
    for (const r of reviews) assert.deepEqual(r, reviews[0]);
    assert.equal(reviews[0].checkins, 5);
    const program = JSON.parse((await client.readResource({ uri: `ptmcp://programs/${id}` })).contents[0].text);
    assert.equal(program.versions.length, 2);
    await client.close();
    const after = [served(a), served(b)];
    assert.ok(after[0] - before[0] >= 3 && after[1] - before[1] >= 3, `both instances answered: ${before} → ${after}`);
  } finally {
    nginx?.kill("SIGTERM");
    spawnSync(SCRIPT, ["stop", cluster]);
  }
});
