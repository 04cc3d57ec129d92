// The two Spanish sample cases through the official TypeScript SDK client: accepted, judged
// by the Spanish checks, and every fixed text the patient gets in Spanish (any English
// template text in a rendering fails). The page prints on one Letter and one A4 page in
// Debian's Chromium, the calendar parses with python3-icalendar, and every text message is
// one segment, counted here by an implementation of GSM-7 and UCS-2 of the test's own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase, tempDir, chromium } from "./harness.mjs";

const OUT = tempDir("ptmcp-spanish-");
const CASES = ["hep_post_tka_es", "hep_low_back_es"];
const request = (name) =>
  JSON.parse(readFileSync(path.join(SOURCE_DIR, `tests/data/cases/${name}.json`), "utf8"));

async function connect(args = []) {
  const transport = new StdioClientTransport({
    command: BIN,
    args: ["--db", freshDatabase(OUT, `${Math.random().toString(36).slice(2)}.db`), ...args],
    stderr: "pipe",
  });
  const client = new Client({ name: "ptmcp-spanish", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

let client;
before(async () => {
  client = await connect();
});
after(async () => {
  await client.close();
});

async function generate(c, name, formats = ["html", "ics", "markdown", "sms"]) {
  const result = await c.callTool({ name: "generate_hep", arguments: { ...request(name), formats } });
  assert.ok(!result.isError, result.content?.[0]?.text);
  return result.structuredContent;
}

// Every fixed English text a patient could read: each string of the English message file,
// cut at its placeholders, kept where a piece has two words or more and the Spanish file
// does not use the same piece (a clinic's name or "911" reads the same in both).
function englishFragments() {
  const strings = (v, out = []) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
    else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => k !== "description" && strings(x, out));
    return out;
  };
  const read = (lang) => JSON.parse(readFileSync(path.join(SOURCE_DIR, `data/messages/${lang}.json`), "utf8"));
  const en = read("en");
  delete en.sources;
  const spanish = strings(read("es")).join("\n").toLowerCase();
  const pieces = new Set();
  for (const s of strings(en)) {
    if (/[\\^$()|[\]]/.test(s)) continue;  // a pattern, not text
    for (let piece of s.split(/\{[a-z_]+\}/)) {
      piece = piece.replace(/^[\s,.:;!?()*-]+|[\s,.:;!?()*-]+$/g, "");
      if (piece.split(/\s+/).length >= 2 && !spanish.includes(piece.toLowerCase())) pieces.add(piece);
    }
  }
  return [...pieces];
}

const visible = (html) =>
  html.replace(/<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ").replace(/\s+/g, " ");

test("the English fixed texts the check looks for are many", () => {
  assert.ok(englishFragments().length >= 60, `${englishFragments().length} fragments`);
});

for (const name of CASES) {
  test(`${name}: accepted and judged in Spanish, every fixed text in Spanish`, async () => {
    const r = await generate(client, name);
    assert.equal(r.quality.language, "es");
    assert.equal(r.program.patient.language, "es");
    assert.equal(r.quality.reading.formula, "fernandez_huerta");
    assert.ok(r.quality.reading.fernandez_huerta >= r.quality.reading.target, JSON.stringify(r.quality.reading));
    assert.ok(["normal", "bastante fácil", "muy fácil"].includes(r.quality.reading.inflesz_band));
    for (const w of r.warnings) assert.doesNotMatch(w.message, /grade|not tied to a routine|may be unfamiliar/, w.message);
    assert.match(r.artifacts.html, /<html lang="es"/);
    const texts = {
      page: visible(r.artifacts.html),
      markdown: r.artifacts.markdown,
      sms: r.artifacts.sms.messages.join("\n"),
      reminders: r.artifacts.sms.reminders.join("\n"),
      calendar: r.artifacts.ics.replace(/\r\n[ \t]/g, ""),
    };
    const fragments = englishFragments();
    for (const [where, text] of Object.entries(texts)) {
      const lower = text.toLowerCase();
      const english = fragments.filter((f) => lower.includes(f.toLowerCase()));
      assert.deepEqual(english, [], `English template text in the ${where}`);
    }
    // The check can fail: the English sample case's renderings are full of them.
    const en = await generate(client, name.replace(/_es$/, ""));
    const english = [visible(en.artifacts.html), en.artifacts.markdown, en.artifacts.sms.messages.join("\n"), en.artifacts.ics]
      .join("\n").toLowerCase();
    assert.ok(fragments.filter((f) => english.includes(f.toLowerCase())).length >= 15);
  });
}

// GSM-7's basic set and its extension table (3GPP TS 23.038), written out here, apart from
// the server's own tables.
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";
function segments(text) {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENSION.includes(ch)) septets += 2;
    else gsm = false;
  }
  const units = gsm ? septets : text.length;  // UTF-16 code units
  const [single, part] = gsm ? [160, 153] : [70, 67];
  return { gsm, units, segments: units <= single ? 1 : Math.ceil(units / part) };
}

test("the counter agrees with counts made by hand", () => {
  // "Dónde: en su cama." D-ó-n-d-e-: (6) space (1) e-n (2) space (1) s-u (2) space (1)
  // c-a-m-a-. (5) = 18 characters; "ó" is not GSM-7, so 18 UTF-16 units, one segment.
  assert.deepEqual(segments("Dónde: en su cama."), { gsm: false, units: 18, segments: 1 });
  // "¡Hola, José!" ¡ H o l a , (6) space (1) J o s é ! (5) = 12; ¡ and é are GSM-7.
  assert.deepEqual(segments("¡Hola, José!"), { gsm: true, units: 12, segments: 1 });
  // "[5]": the brackets are extension characters, two septets each: 2 + 1 + 2 = 5.
  assert.deepEqual(segments("[5]"), { gsm: true, units: 5, segments: 1 });
  assert.equal(segments("a".repeat(161)).segments, 2);
  assert.equal(segments("á".repeat(71)).segments, 2);
});

for (const setting of ["transliterate", "unicode"]) {
  test(`every Spanish text message is one segment with sms_encoding ${setting}`, async () => {
    const config = path.join(OUT, `sms-${setting}.json`);
    writeFileSync(config, JSON.stringify({ hep: { sms_encoding: setting } }));
    const c = await connect(["--config", config]);
    try {
      for (const name of CASES) {
        const r = await generate(c, name, ["sms"]);
        const all = [...r.artifacts.sms.messages, ...r.artifacts.sms.reminders];
        for (const m of all) {
          const counted = segments(m);
          assert.equal(counted.segments, 1, `${counted.units} units: ${m}`);
          if (setting === "transliterate") assert.ok(counted.gsm, `not GSM-7: ${m}`);
        }
        r.quality.sms.messages.forEach((q, i) => {
          const counted = segments(r.artifacts.sms.messages[i]);
          assert.equal(q.units, counted.units, r.artifacts.sms.messages[i]);
          assert.equal(q.encoding, counted.gsm ? "gsm7" : "ucs2");
        });
        if (setting === "unicode") {
          // Every letter kept: the accents the patient reads on the page are in the texts.
          assert.match(all.join(" "), /[áíóú]/);
        }
      }
    } finally {
      await c.close();
    }
  });
}

for (const name of CASES) {
  test(`${name}: the page prints on one Letter page and one A4 page`, async () => {
    const r = await generate(client, name, ["html"]);
    const dir = path.join(OUT, name);
    mkdirSync(dir, { recursive: true });
    const letter = path.join(dir, "page.html");
    const a4 = path.join(dir, "page-a4.html");
    writeFileSync(letter, r.artifacts.html);
    writeFileSync(a4, r.artifacts.html.replace("<style>", "<style>@page { size: A4; }"));
    for (const [page, paper] of [[letter, "letter"], [a4, "A4"]]) {
      const pdf = page.replace(".html", ".pdf");
      const run = chromium(["--no-pdf-header-footer", `--print-to-pdf=${pdf}`, `file://${page}`]);
      assert.equal(run.status, 0, run.stderr);
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      assert.match(/Page size:\s+(.*)/.exec(info)[1], new RegExp(paper, "i"));
      assert.equal(Number(/Pages:\s+(\d+)/.exec(info)[1]), 1, `${name} on ${paper}`);
      const words = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
      assert.match(words, /Ejercicios en casa de/);
    }
    const png = path.join(dir, "page.png");
    chromium(["--window-size=816,1056", `--screenshot=${png}`, `file://${letter}`]);
    assert.ok(existsSync(png));
    console.log(`screenshot: ${png}`);
  });
}

test("the Spanish calendar parses, in Spanish, on the scheduled days", async () => {
  const expected = {
    hep_post_tka_es: { byday: ["MO", "TU", "WE", "TH", "FR", "SA"], summary: /Rosa/, trigger: /al apagar la alarma/ },
    hep_low_back_es: { byday: ["MO", "WE", "FR"], summary: /José/, trigger: /después de cepillarse los dientes/ },
  };
  for (const name of CASES) {
    const r = await generate(client, name, ["ics"]);
    const ics = path.join(OUT, `${name}.ics`);
    writeFileSync(ics, r.artifacts.ics);
    const parsed = JSON.parse(execFileSync("/usr/bin/python3", [path.join(SOURCE_DIR, "tests/integration/check_ics.py"), ics], { encoding: "utf8" }));
    assert.equal(parsed.events.length, 1);
    const e = parsed.events[0];
    assert.equal(e.freq, "WEEKLY");
    assert.deepEqual(e.byday, expected[name].byday);
    assert.match(e.summary, expected[name].summary);
    assert.match(e.summary, /ejercicios/i);
    assert.match(e.description, expected[name].trigger);
    assert.match(e.description, /series de/);
  }
});

test("audit_hep reads a Spanish handout in Spanish and says it read the language from its words", async () => {
  const handout = [
    "Programa de ejercicios en casa",
    "1. Isométricos de cuádriceps en decúbito supino - 3x10",
    "2. Elevación de pierna recta - 3x10",
    "3. Sentadilla en silla - 3x8",
    "Realizar 2-3 veces al día.",
  ].join("\n");
  const detected = await client.callTool({ name: "audit_hep", arguments: { text: handout } });
  assert.ok(!detected.isError);
  assert.equal(detected.structuredContent.language, "es");
  assert.equal(detected.structuredContent.language_source, "detected");
  assert.equal(detected.structuredContent.reading.formula, "fernandez_huerta");
  assert.match(detected.content[0].text, /Read as Spanish \(from its words/);
  assert.ok(detected.structuredContent.jargon.some((j) => /boca arriba/.test(j.plain)));
  const given = await client.callTool({ name: "audit_hep", arguments: { text: handout, language: "es-MX" } });
  assert.equal(given.structuredContent.language_source, "given");
  const unknown = await client.callTool({ name: "audit_hep", arguments: { text: handout, language: "fr" } });
  assert.ok(unknown.isError);
  assert.match(unknown.content[0].text, /"es"/);
});
