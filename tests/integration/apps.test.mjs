// MCP Apps (SEP-1865) end to end: a test host written with the extension SDK's host side
// (AppBridge, bundled from node_modules by esbuild) and the official TypeScript MCP client,
// connected to the real ptmcp binary, shows the program preview and the adherence review in
// Debian's headless Chromium (driven by puppeteer-core). The therapist's edit in the app
// becomes a tools/call ptmcp answers, Save makes version 2, the page logs no error and asks
// for nothing outside itself. A client without the extension sees no change on the wire.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import puppeteer from "puppeteer-core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase, tempDir, query } from "./harness.mjs";

const OUT = tempDir("ptmcp-apps-");
const SHOTS = process.env.PTMCP_APP_SCREENSHOTS ?? OUT;
mkdirSync(SHOTS, { recursive: true });
const APPS = { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } };
// The sample knee case with its visit today and the next a week on, as at the end of a visit.
const isoDay = (offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const tka = () => {
  const c = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
  c.visit.date = isoDay(0);
  c.visit.next_visit = isoDay(7);
  return c;
};
const lowBack = () => JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_low_back.json"), "utf8"));

async function connect(db, capabilities = {}) {
  const transport = new StdioClientTransport({ command: BIN, args: ["--db", db], stderr: "pipe" });
  const client = new Client({ name: "ptmcp-apps-host", version: "1.0.0" }, { capabilities });
  await client.connect(transport);
  return client;
}

let db, client, plain, browser, server, origin, hostScript;
before(async () => {
  db = freshDatabase(OUT);
  client = await connect(db, APPS);
  plain = await connect(freshDatabase(OUT, "plain.db"));
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, "app_host/host.js")],
    bundle: true, format: "iife", platform: "browser", write: false, logLevel: "silent",
  });
  hostScript = bundle.outputFiles[0].text;
  server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>test host</title></head>` +
      `<body></body><script>${hostScript}</script></html>`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await puppeteer.launch({
    executablePath: process.env.PTMCP_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    userDataDir: tempDir("ptmcp-apps-chromium-"),
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
  await client?.close();
  await plain?.close();
});

// A page with the test host, the app's HTML in its frame, and what it logged and asked for.
async function openApp(toolName, args, result) {
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === toolName);
  const uri = tool._meta?.ui?.resourceUri;
  assert.ok(uri?.startsWith("ui://"), `${toolName} names its app`);
  const read = await client.readResource({ uri });
  const html = read.contents[0].text;
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  const seen = { errors: [], requests: [], calls: [] };
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warn") seen.errors.push(m.text()); });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("request", (r) => seen.requests.push(r.url()));
  await page.exposeFunction("hostCallTool", async (params) => {
    seen.calls.push(params);
    return client.callTool(params);
  });
  await page.exposeFunction("hostReadResource", async (params) => client.readResource(params));
  await page.goto(origin);
  const appInfo = await page.evaluate((show) => window.ptmcpHost.show(show), { html, tool, args, result });
  assert.equal(appInfo?.name, toolName === "generate_hep" ? "ptmcp-program" : "ptmcp-adherence");
  const app = page.frames().find((f) => f.parentFrame() === page.mainFrame());
  assert.ok(app, "the app's frame is there");
  return { page, app, seen };
}

// Nothing but the host page itself was fetched: the app and the page inside it ask for nothing.
function assertNothingLeft(seen) {
  const outside = seen.requests.filter((u) => !u.startsWith(origin));
  assert.deepEqual(outside, [], "no request leaves the page");
  assert.deepEqual(seen.errors, [], "no console errors or warnings");
}

// The app reports its content's size and stops: a host that sizes the frame to each report
// is not led to grow it for ever.
async function assertSizeSettles(page) {
  const sizes = () => page.evaluate(() => window.ptmcpHost.sizes.length);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const before = await sizes();
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(await sizes(), before, "no size reports once the app is still");
  const [frame, content] = await page.evaluate(() => [document.getElementById("app").clientHeight,
    window.ptmcpHost.sizes.at(-1)]);
  assert.ok(before >= 1 && Math.abs(frame - content) <= 1 && content < 6000, `frame ${frame}px for content ${content}px`);
}

const text = (frame, selector) => frame.$eval(selector, (e) => e.textContent);
// The printed page inside the app (a shadow root of its own): its text, its body's class and language.
const pageText = (app) => app.evaluate(() => document.getElementById("pagehost").shadowRoot?.querySelector(".page-body")?.innerText ?? "");
const pageBody = (app) => app.evaluate(() => {
  const b = document.getElementById("pagehost").shadowRoot.querySelector(".page-body");
  return { className: b.className, lang: b.lang, dose: b.querySelector(".dose")?.textContent };
});

test("a client without the extension sees the tools and resources it saw before", async () => {
  const withApps = (await client.listTools()).tools;
  const without = (await plain.listTools()).tools;
  assert.ok(without.every((t) => t._meta === undefined), "no tool names an app");
  const named = withApps.filter((t) => t._meta?.ui?.resourceUri).map((t) => [t.name, t._meta.ui.resourceUri]);
  assert.deepEqual(named.sort(), [["generate_hep", "ui://ptmcp/program.html"],
    ["review_adherence", "ui://ptmcp/adherence.html"]]);
  const strip = (tools) => tools.map(({ _meta, ...rest }) => rest);
  assert.deepEqual(strip(withApps), without, "apart from _meta.ui, the listings are the same");

  const listAll = async (c) => {
    const all = [];
    let cursor;
    do {
      const page = await c.listResources(cursor ? { cursor } : {});
      all.push(...page.resources);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  const listedPlain = (await listAll(plain)).map((r) => r.uri);
  const listedApps = await listAll(client);
  assert.ok(!listedPlain.some((u) => u.startsWith("ui://")), "no app is listed to a client that cannot show it");
  assert.deepEqual(listedApps.filter((r) => r.uri.startsWith("ui://")).map((r) => r.mimeType),
    ["text/html;profile=mcp-app", "text/html;profile=mcp-app"]);

  const result = await plain.callTool({ name: "generate_hep", arguments: tka() });
  assert.equal(result.isError, false);
  assert.equal(result._meta, undefined);
  assert.match(result.content[0].text, /^Saved program \S+ version 1 for Maria\./);
  assert.equal(result.structuredContent.saved, true);
});

test("each app is one self-contained document that asks for nothing outside itself", async () => {
  for (const uri of ["ui://ptmcp/program.html", "ui://ptmcp/adherence.html"]) {
    const { contents } = await plain.readResource({ uri });
    assert.equal(contents.length, 1);
    assert.equal(contents[0].mimeType, "text/html;profile=mcp-app");
    assert.equal(contents[0]._meta?.ui?.prefersBorder, true);
    assert.equal(contents[0]._meta?.ui?.csp, undefined, "no outside origin is asked for");
    const html = contents[0].text;
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /function startApp\(/, "the shared script is inside the document");
    assert.match(html, /<style>\n  \/\* What both apps' pages share/, "so is the shared style");
    assert.doesNotMatch(html, /data-inline/, "nothing is left to fetch");
    assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i, "no outside script, style or link");
    assert.doesNotMatch(html, /url\(\s*["']?(https?:)?\/\//i, "no outside font or image");
    assert.doesNotMatch(html, /\bfetch\(|XMLHttpRequest|WebSocket|import\(/, "no network calls");
  }
});

test("the program preview: the page, the scorecard, an edited dose previewed, then saved as version 2", async () => {
  const args = tka();
  const first = await client.callTool({ name: "generate_hep", arguments: args });
  assert.equal(first.isError, false);
  const id = first.structuredContent.program_id;
  const { page, app, seen } = await openApp("generate_hep", args, first);

  await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
  assert.equal(await text(app, "#title"), "Home exercise program for Maria");
  assert.equal(await text(app, "#status"), `Saved: program ${id}, version 1.`);
  // The page came from the version's page resource, read through the host.
  await app.waitForFunction(() => document.getElementById("pagehost").shadowRoot?.textContent.includes("Maria"));
  const shown = await pageText(app);
  for (const ex of args.exercises) assert.ok(shown.includes(ex.name), `the page shows ${ex.name}`);
  const elements = await app.$$eval("#elements li", (items) => items.map((i) => i.textContent));
  assert.equal(elements.length, 6, "the scorecard has the six elements");
  assert.match(elements[0], /^✓1\. /);
  const sms = await app.$$eval("#sms li", (items) => items.map((i) => i.textContent));
  assert.ok(sms.length >= 2 && sms.every((m) => /1 segment,/.test(m)), "each text message with its one segment");
  const dates = await app.$$eval("#dates li", (items) => items.map((i) => i.textContent));
  assert.ok(dates.length >= 3 && dates.every((d) => d.includes("Maria's home exercises")), "the calendar's next dates");
  await page.screenshot({ path: path.join(SHOTS, "program-app.png") });

  // The therapist makes the knee tightening 12 repetitions: a preview, nothing saved.
  await app.evaluate(() => { document.getElementById("ex0-reps").value = "12"; });
  await app.click("#preview");
  await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("A preview"));
  assert.equal(await text(app, "#status"), `A preview, not saved. Save makes version 2 of program ${id}.`);
  const preview = seen.calls.at(-1);
  assert.equal(preview.name, "generate_hep");
  assert.equal(preview.arguments.save, false);
  assert.equal(preview.arguments.program_id, id);
  assert.equal(preview.arguments.exercises[0].dose.reps, 12);
  assert.match((await pageBody(app)).dose, /2 rounds of 12,/, "the page shows the new dose");
  const stored = async () =>
    JSON.parse((await client.readResource({ uri: first.structuredContent.resources.program })).contents[0].text);
  assert.equal((await stored()).version, 1, "a preview saves nothing");
  assert.equal(await app.$eval("#save", (b) => b.disabled), false, "Save is offered after a preview");

  // A change the checks refuse comes back as findings; Save is not offered for it.
  await app.evaluate(() => { document.getElementById("trigger").value = "sometime in the day"; });
  await app.click("#preview");
  await app.waitForFunction(() => document.getElementById("status").className === "error");
  assert.match(await text(app, "#findings"), /trigger/i);
  assert.ok((await app.$$("#elements li.fail")).length >= 1, "the scorecard marks the element refused");
  assert.equal(await app.$eval("#save", (b) => b.disabled), true);
  assert.equal((await stored()).version, 1);

  // Put the trigger back, preview, and Save: version 2 with 12 repetitions.
  await app.evaluate((t) => { document.getElementById("trigger").value = t; }, args.schedule.trigger);
  await app.click("#preview");
  await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("A preview"));
  await app.click("#save");
  await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
  assert.equal(await text(app, "#status"), `Saved: program ${id}, version 2.`);
  const saved = seen.calls.at(-1);
  assert.equal(saved.arguments.save, undefined, "Save calls without save: false");
  const v2 = await stored();
  assert.equal(v2.version, 2);
  assert.equal(v2.program.exercises[0].dose.reps, 12);
  assert.equal(await app.$eval("#save", (b) => b.disabled), true, "nothing left to save");
  assert.deepEqual(seen.calls.map((c) => c.arguments.save), [false, false, false, undefined]);
  // The audit log says what each call did: a preview saved nothing.
  const audit = query(db, `SELECT outcome FROM audit_log WHERE program_id = '${id}' ORDER BY id`).map((r) => r.outcome);
  assert.deepEqual(audit, ["saved v1", "previewed v2", "refused", "previewed v2", "saved v2"]);
  await assertSizeSettles(page);
  await page.screenshot({ path: path.join(OUT, "program-app-saved.png"), fullPage: true });
  assertNothingLeft(seen);
  await page.close();
});

test("every sample case in the preview: its patient, each exercise, the scorecard; large print, A4 and Print", async () => {
  for (const name of ["hep_post_tka", "hep_low_back", "hep_post_tka_es", "hep_low_back_es"]) {
    const args = JSON.parse(readFileSync(path.join(SOURCE_DIR, `tests/data/cases/${name}.json`), "utf8"));
    args.visit.date = isoDay(0);
    args.visit.next_visit = isoDay(7);
    const result = await client.callTool({ name: "generate_hep", arguments: args });
    assert.equal(result.isError, false, name);
    const { page, app, seen } = await openApp("generate_hep", args, result);
    await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
    assert.equal(await text(app, "#title"), `Home exercise program for ${args.patient.name}`, name);
    await app.waitForFunction((n) => document.getElementById("pagehost").shadowRoot?.textContent.includes(n), {}, args.patient.name);
    const shown = await pageText(app);
    // Library exercises are named by the library: the names are the program's, as saved.
    const names = result.structuredContent.program.exercises.map((ex) => ex.name);
    assert.equal(names.length, args.exercises.length);
    for (const n of names) assert.ok(shown.includes(n), `${name}: the page shows ${n}`);
    assert.equal((await pageBody(app)).lang, args.patient.language ?? "en");
    assert.equal((await app.$$("#elements li")).length, 6, name);
    const forms = await app.$$eval("#edit fieldset legend", (l) => l.map((x) => x.textContent));
    assert.deepEqual(forms, names.map((n, i) => `${i + 1}. ${n}`), `${name}: a form per exercise`);
    if (name === "hep_low_back") {
      // The last exercise moved to the next visit: the preview has the others, and the next
      // visit's list gains it.
      const last = names.length - 1;
      await app.click(`#ex${last}-later`);
      await app.click("#preview");
      await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("A preview"));
      const moved = seen.calls.at(-1).arguments;
      assert.equal(moved.exercises.length, names.length - 1);
      assert.ok(moved.next_visit_additions.includes(names[last]), "the next visit's list names it");
      assert.ok(!(await pageText(app)).includes(names[last]), "the page no longer shows it");
      assert.equal((await app.$$("#edit fieldset")).length, names.length - 1, "the form follows");
      // Large print is the program's own setting: a preview with it, the page in 14 pt.
      await app.click("#large");
      await app.waitForFunction(() => document.getElementById("status").textContent.startsWith("A preview"));
      assert.equal(seen.calls.at(-1).arguments.patient.large_print, true);
      await app.waitForFunction(() => document.getElementById("pagehost").shadowRoot.querySelector(".page-body.large"));
      // A4 is the sheet the clinic prints on: the same page, measured against a taller sheet.
      await app.select("#paper", "a4");
      assert.equal(await app.$eval("#sheet", (e) => e.className), "sheet a4");
      // Print prints the page itself, not the app around it.
      await app.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
      await app.click("#print");
      assert.equal(await app.evaluate(() => window.printed), 1, await text(app, "#status"));
      // In print, only the page: the app around it is hidden.
      await page.emulateMediaType("print");
      const hidden = await app.evaluate(() => ["title", "elements", "edit", "sms", "dates"].map((id) =>
        getComputedStyle(document.getElementById(id).closest("aside") ?? document.getElementById(id)).display));
      assert.deepEqual(hidden, ["none", "none", "none", "none", "none"]);
      assert.notEqual(await app.evaluate(() => getComputedStyle(document.getElementById("pagehost")).display), "none");
      await page.emulateMediaType(null);
    }
    assertNothingLeft(seen);
    await page.close();
  }
});

test("the adherence review: calendar with flag tiers, pain over time, diagnosis, messages a person must read", async () => {
  // The visit twelve days ago, so that every check-in below is in the past whatever the day.
  const day = (n) => {
    const d = new Date();
    d.setUTCHours(12, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() - 12 + n);
    return d.toISOString().slice(0, 10);
  };
  const program = lowBack();
  program.visit.date = day(0);
  program.visit.next_visit = day(14);
  const made = await client.callTool({ name: "generate_hep", arguments: program });
  assert.equal(made.isError, false);
  const id = made.structuredContent.program_id;
  // Ten days: done with pain rising past the program's rule twice, a skipped day, days with
  // no word, a new numbness and a swollen red calf.
  const messages = [
    [1, "done, pain 2"], [2, "did all of them, pain 3"], [3, "skipped today, too tired"],
    [4, "done but my leg feels numb down to my foot"], [7, "done, pain 6"],
    [8, "did them all, pain 7"], [10, "my calf is swollen and red and it hurts to walk"],
  ];
  for (const [n, message] of messages) {
    const r = await client.callTool({ name: "record_checkin",
      arguments: { program_id: id, message, received_at: `${day(n)}T18:30:00-05:00` } });
    assert.equal(r.isError, false, message);
  }
  const review = await client.callTool({ name: "review_adherence",
    arguments: { program_id: id, from: day(1), to: day(10) } });
  assert.equal(review.isError, false);
  const s = review.structuredContent;
  const { page, app, seen } = await openApp("review_adherence", { program_id: id }, review);

  await app.waitForFunction(() => document.querySelector("#calendar svg"));
  assert.match(await text(app, "#title"), new RegExp(s.patient_name));
  const points = await app.$$eval("#pain circle", (c) => c.length);
  assert.equal(points, s.pain.reports.length, "one point per pain report");
  assert.ok(points >= 3);
  assert.ok(s.diagnosis.length >= 1, "two pain-rule hits give the diagnosis something to say");
  const diagnosis = await app.$$eval("#diagnosis li", (items) => items.map((i) => i.textContent));
  assert.equal(diagnosis.length, s.diagnosis.length);
  s.diagnosis.forEach((d, i) => assert.ok(diagnosis[i].includes(d.suggestion), `diagnosis ${i} with its suggestion`));
  const attention = await app.$$eval("#attention li", (items) => items.map((i) => i.textContent));
  const messagesToRead = new Set(s.attention.map((a) => a.received_at + a.message));
  assert.equal(attention.length, messagesToRead.size, "each message a person must read, once");
  assert.ok(attention.length >= 2);
  assert.ok(attention.some((a) => /calf is swollen/.test(a)), "the red flag is listed with its message");
  // Each is linked to its day: following the link marks that day in the table of days.
  const target = s.attention.find((a) => a.kind === "red_flag");
  await app.click(`#attention a[href="#day-${target.date}"]`);
  await app.waitForFunction((d) => document.getElementById(`day-${d}`)?.classList.contains("target"), {}, target.date);
  const tier = await app.$eval(`#day-${target.date}`, (row) => row.dataset.tier);
  assert.equal(tier, target.tier);
  await assertSizeSettles(page);
  await page.screenshot({ path: path.join(SHOTS, "adherence-app.png"), fullPage: true });
  assertNothingLeft(seen);
  await page.close();
});
