// The real binary driven by the official TypeScript SDK client over stdio.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { BIN, freshDatabase } from "./harness.mjs";

let client;
let transport;
const logs = [];

before(async () => {
  transport = new StdioClientTransport({
    command: BIN,
    args: ["--db", freshDatabase(), "--engine-fixtures"],
    stderr: "pipe",
  });
  client = new Client({ name: "ptmcp-integration", version: "1.0.0" });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
  await client.connect(transport);
});

after(async () => {
  await client.close();
});

test("initialize reports the server, its capabilities and instructions", () => {
  const info = client.getServerVersion();
  assert.equal(info.name, "ptmcp");
  assert.match(info.version, /^\d+\.\d+\.\d+$/);
  const caps = client.getServerCapabilities();
  for (const c of ["tools", "prompts", "resources", "completions", "logging"]) assert.ok(caps[c], c);
  const instructions = client.getInstructions();
  assert.ok(instructions.length > 100 && instructions.length < 2048);
  assert.match(instructions, /six elements/);
});

test("ping", async () => {
  assert.deepEqual(await client.ping(), {});
});

test("lists tools with portable schemas", async () => {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  assert.ok(names.includes("fixture_echo"));
  for (const t of tools) {
    assert.equal(t.inputSchema.type, "object");
    assert.equal(t.outputSchema.type, "object");
    assert.ok(!JSON.stringify(t.inputSchema).includes("$ref"));
  }
});

test("calls a tool; the SDK validates structuredContent against the outputSchema", async () => {
  const result = await client.callTool({ name: "fixture_echo", arguments: { message: "ab", count: 2 } });
  assert.equal(result.isError, false);
  assert.deepEqual(result.structuredContent, { echo: "abab", count: 2 });
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
});

test("a schema-invalid call returns isError with pointers and examples", async () => {
  const result = await client.callTool({ name: "fixture_echo", arguments: { count: "three" } });
  assert.equal(result.isError, true);
  const text = result.content[0].text;
  assert.match(text, /\/message: is required but missing; for example "hello"/);
  assert.match(text, /\/count: must be of type integer/);
});

test("an unknown tool is JSON-RPC -32602", async () => {
  await assert.rejects(
    client.callTool({ name: "no_such_tool", arguments: {} }),
    (e) => e instanceof McpError && e.code === -32602,
  );
});

test("prompts: list, get, and a missing argument", async () => {
  const { prompts } = await client.listPrompts();
  const fixture = prompts.find((p) => p.name === "fixture_prompt");
  assert.ok(fixture);
  assert.equal(fixture.arguments[0].required, true);
  const got = await client.getPrompt({ name: "fixture_prompt", arguments: { topic: "gamma" } });
  assert.equal(got.messages[0].content.text, "Tell me about gamma.");
  await assert.rejects(client.getPrompt({ name: "fixture_prompt", arguments: {} }), (e) => e.code === -32602);
});

test("resources: list, templates, read, and not found", async () => {
  const { resources } = await client.listResources();
  const uris = resources.map((r) => r.uri);
  assert.ok(uris.includes("ptmcp://guides/six-elements"));
  const guide = await client.readResource({ uri: "ptmcp://guides/six-elements" });
  assert.equal(guide.contents[0].mimeType, "text/markdown");
  assert.match(guide.contents[0].text, /three exercises/i);
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.ok(resourceTemplates.some((t) => t.uriTemplate === "fixture://items/{item_id}"));
  const item = await client.readResource({ uri: "fixture://items/3" });
  assert.deepEqual(JSON.parse(item.contents[0].text), { item: "3" });
  await assert.rejects(
    client.readResource({ uri: "ptmcp://nothing/here" }),
    (e) => e.code === -32002 && e.data?.uri === "ptmcp://nothing/here",
  );
});

test("completion for a prompt argument and a template variable", async () => {
  const prompt = await client.complete({
    ref: { type: "ref/prompt", name: "fixture_prompt" },
    argument: { name: "topic", value: "alpi" },
  });
  assert.deepEqual(prompt.completion.values, ["alpine"]);
  const template = await client.complete({
    ref: { type: "ref/resource", uri: "fixture://items/{item_id}" },
    argument: { name: "item_id", value: "2" },
  });
  assert.deepEqual(template.completion.values, ["2"]);
});

test("logging/setLevel turns on notifications/message without arguments in them", async () => {
  await client.setLoggingLevel("info");
  await client.callTool({ name: "fixture_echo", arguments: { message: "Maria-sentinel" } });
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(logs.some((l) => String(l.data).includes("fixture_echo")));
  assert.ok(!logs.some((l) => JSON.stringify(l).includes("Maria-sentinel")));
  await client.setLoggingLevel("emergency");
});

test("progress notifications reach the client", async () => {
  const seen = [];
  const result = await client.callTool(
    { name: "fixture_slow", arguments: { milliseconds: 200 } },
    undefined,
    { onprogress: (p) => seen.push(p.progress) },
  );
  assert.equal(result.structuredContent.completed, true);
  assert.ok(seen.length >= 1);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1]);
});

test("a cancelled call gets no response, and the server keeps serving", async () => {
  const controller = new AbortController();
  const started = Date.now();
  const call = client.callTool({ name: "fixture_slow", arguments: { milliseconds: 20000 } }, undefined, {
    signal: controller.signal,
  });
  setTimeout(() => controller.abort("changed my mind"), 100);
  await assert.rejects(call);
  assert.deepEqual(await client.ping(), {});
  assert.ok(Date.now() - started < 5000);
});

test("a slow call does not hold up ping", async () => {
  const slow = client.callTool({ name: "fixture_slow", arguments: { milliseconds: 3000 } });
  const first = await Promise.race([client.ping().then(() => "ping"), slow.then(() => "slow tool")]);
  assert.equal(first, "ping", "ping waited for the slow tool");
  await slow;
});
