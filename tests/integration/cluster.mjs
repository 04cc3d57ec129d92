// Several `serve --http --stateless` instances behind a real nginx round-robin upstream,
// sharing one throwaway PostgreSQL cluster: the pieces the multi-instance tests share.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { BIN, SOURCE_DIR, tempDir } from "./harness.mjs";

export const NGINX = "/usr/sbin/nginx";
export const NO_NGINX = !existsSync(NGINX) && "nginx is not installed (apt-get install nginx)";
const SCRIPT = path.join(SOURCE_DIR, "tests/tools/throwaway_postgres.sh");

// Every process started here, with how to kill it, so that a test's `after` can end them
// even when it failed half way.
const children = new Map();
export function killAll() {
  for (const kill of children.values()) kill("SIGKILL");
  children.clear();
}

// A cluster in a temporary folder whose parent is open to the cluster's user (/tmp). The
// script's watchdog stops it when this process ends, even on a crash; stop() does it now.
export function startPostgres() {
  const folder = tempDir("ptmcp-pg-");
  const started = spawnSync(SCRIPT, ["start", folder, String(process.pid)], { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`the PostgreSQL cluster did not start: ${started.stderr}`);
  return {
    db: `postgresql:///postgres?host=${started.stdout.trim()}&user=ptmcp`,
    stop: () => spawnSync(SCRIPT, ["stop", folder], { encoding: "utf8" }),
  };
}

// One stateless instance at info level (its log has a line per request, which served()
// counts). Port 0 lets the system pick; a port again brings a killed instance back where
// the proxy expects it.
export function startInstance(db, { port = 0, args = [] } = {}) {
  const child = spawn(BIN, ["--db", db, "--log-level", "info", "serve", "--http", "--stateless",
    "--listen", `127.0.0.1:${port}`, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.set(child, (signal) => child.kill(signal));
  const server = { child, stderr: "" };
  server.exited = new Promise((resolve) => child.on("exit", (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
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
    child.on("exit", (code, signal) => reject(new Error(`the server exited (${code ?? signal}): ${server.stderr}`)));
  });
  return server;
}

// Requests an instance answered with 200, from its own log.
export const served = (server) => (server.stderr.match(/http POST \/mcp 200/g) ?? []).length;

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const post = (url, body, headers = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });

// nginx in the foreground over `ports`, loopback only, its files in a folder of its own.
// `upstream` is added to each upstream server line (e.g. "max_fails=0"). Resolves once a ping
// through it is answered. Its master and worker are a process group of their own, killed
// together: a worker left behind by a master killed alone would go on holding the port.
// Nothing is read from its output (errors go to error.log), so no pipe of this process
// outlives it either.
export async function startNginx(ports, { upstream = "" } = {}) {
  const dir = tempDir("ptmcp-nginx-");
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
${ports.map((p) => `    server 127.0.0.1:${p}${upstream ? " " + upstream : ""};`).join("\n")}
  }
  server {
    listen 127.0.0.1:${port};
    location /mcp {
      proxy_pass http://ptmcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      # nginx's default, written out: a request goes to the next instance only when it could
      # not be sent to this one (connection refused, connect timeout). A POST already sent is
      # never sent again ("non_idempotent" is deliberately absent): the instance may have
      # saved it before failing, and only the client can decide to repeat a write.
      proxy_next_upstream error timeout;
    }
  }
}
`);
  const child = spawn(NGINX, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")], { stdio: "ignore", detached: true });
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {} // already gone
  };
  children.set(child, kill);
  const exited = new Promise((resolve) => child.on("exit", () => {
    children.delete(child);
    resolve();
  }));
  const url = `http://127.0.0.1:${port}/mcp`;
  const started = Date.now();
  for (;;) {
    try {
      if ((await post(url, { jsonrpc: "2.0", id: 0, method: "ping" })).status === 200) break;
    } catch {}
    if (Date.now() - started > 10000) throw new Error("nginx did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  // stop(): a graceful stop, then the whole group; resolves when the master has exited.
  const stop = async () => {
    kill("SIGTERM");
    const timer = setTimeout(() => kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    kill("SIGKILL");
  };
  return { url, child, dir, stop };
}

export async function connect(url, name = "ptmcp-cluster-test") {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name, version: "1" });
  await client.connect(transport);
  return { client, transport };
}
