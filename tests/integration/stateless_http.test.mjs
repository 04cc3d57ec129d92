// `serve --http --stateless`: no Mcp-Session-Id, every POST stands alone. The SDK client
// works against it unchanged (tools, progress in the request's stream), and two instances
// behind a real nginx round-robin upstream, sharing one PostgreSQL database, answer one
// client as if they were one: what is written through one is read through the other.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SOURCE_DIR, tempDir } from "./harness.mjs";
import { NO_NGINX, connect, killAll, post, served, startInstance, startNginx, startPostgres } from "./cluster.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));

after(killAll);

test("a stateless server issues no session, and every POST stands alone", async () => {
  const server = await startInstance(path.join(tempDir(), "t.db"), { args: ["--engine-fixtures"] }).ready;
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

test("two instances behind nginx round robin, one PostgreSQL: written through one, read through the other", { skip: NO_NGINX }, async () => {
  const pg = startPostgres();
  let nginx;
  try {
    const [a, b] = await Promise.all([startInstance(pg.db).ready, startInstance(pg.db).ready]);
    nginx = await startNginx([a.port, b.port]);
    const url = nginx.url;
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
    await nginx?.stop();
    pg.stop();
  }
});
