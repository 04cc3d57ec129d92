// What an SMS gateway would text back, through the official TypeScript SDK client: a routine
// "done", a severe pain report, a misspelled same-day flag, a negated one, a message a person
// must read, and a relative or carer writing for the patient, in and out of the clinic's
// hours (default Monday to Friday, 8 AM to 6 PM, in the message's own offset). Every expected reply is written out by hand from
// data/messages/en.json and data/config/checkins.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN, SOURCE_DIR, freshDatabase } from "./harness.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
// Tuesday 10 AM and 9 PM, Saturday 10 AM, US Eastern (the clinic's own offset).
const TUESDAY_OPEN = "2026-11-24T10:00:00-05:00";
const TUESDAY_NIGHT = "2026-11-24T21:00:00-05:00";
const SATURDAY = "2026-11-28T10:00:00-05:00";
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

let client;
before(async () => {
  client = new Client({ name: "ptmcp-sms-gateway-tests", version: "1.0.0" });
  await client.connect(new StdioClientTransport({
    command: BIN,
    args: ["--db", freshDatabase()],
    env: { ...process.env, PTMCP_CLINIC_NAME: "Lakeside PT" },
    stderr: "pipe",
  }));
});
after(async () => client.close());

// Each case on a program of its own, so no earlier pain report is its baseline.
async function send(message, received_at) {
  const program = await client.callTool({ name: "generate_hep", arguments: TKA });
  const r = await client.callTool({
    name: "record_checkin",
    arguments: { program_id: program.structuredContent.program_id, message, received_at },
  });
  assert.equal(r.isError, false, r.content[0].text);
  const s = r.structuredContent;
  assert.ok(s.reply.length <= 160 && GSM7.test(s.reply), `one GSM-7 segment: ${s.reply}`);
  return s;
}

test("a routine done is thanked", async () => {
  const s = await send("done", TUESDAY_OPEN);
  assert.equal(s.status, "done");
  assert.equal(s.escalate, false);
  assert.equal(s.needs_review, false);
  assert.equal(s.reply, "Thanks, Maria! Nice work. Keep it up.");
});

test("severe pain as a first report gets the pain rule, never praise", async () => {
  const s = await send("done, arm hurts 9/10", TUESDAY_OPEN);
  assert.equal(s.pain, 9);
  assert.equal(s.pain_rule.first_pain, null);
  assert.equal(s.pain_rule.hit, true);
  assert.equal(s.pain_rule.reason, "severe");
  assert.equal(s.escalate, false);
  assert.equal(s.reply,
    "Thanks, Maria. Pain 9/10 is high. Stop any exercise that makes it worse and do the others. " +
    "We will look at it with you.");
});

test("a misspelled same-day flag: call today, or the after-hours line when closed", async () => {
  const open = await send("my calf is swolen and red", TUESDAY_OPEN);
  assert.equal(open.tier, "same_day");
  assert.equal(open.escalate, true);
  assert.equal(open.after_hours, false);
  assert.equal(open.reply,
    "Thank you for telling us, Maria. Please reach us today about this: call Lakeside PT at 555-0100.");
  const night = await send("my calf is swolen and red", TUESDAY_NIGHT);
  assert.equal(night.tier, "same_day");
  assert.equal(night.after_hours, true);
  assert.equal(night.reply,
    "Thank you for telling us, Maria. We are closed now. Call your doctor's after-hours line now. " +
    "If you cannot reach them, go to urgent care.");
});

test("a negated finding raises nothing", async () => {
  const s = await send("no swelling today, done", TUESDAY_OPEN);
  assert.equal(s.status, "done");
  assert.equal(s.tier, null);
  assert.equal(s.escalate, false);
  assert.equal(s.needs_review, false);
  assert.equal(s.reply, "Thanks, Maria! Nice work. Keep it up.");
});

test("an unsure message goes to a person, who reads it within the clinic's hours", async () => {
  const open = await send("my knee feels kind of weird and warm?", TUESDAY_OPEN);
  assert.equal(open.status, "needs_review");
  assert.equal(open.needs_review, true);
  assert.equal(typeof open.review_reason, "string");
  assert.equal(open.escalate, false);
  assert.equal(open.reply,
    "Thanks, Maria. A person at Lakeside PT will read your message today. In an emergency, call 911.");
  const weekend = await send("my knee feels kind of weird and warm?", SATURDAY);
  assert.equal(weekend.needs_review, true);
  assert.equal(weekend.after_hours, true);
  // 123 characters with the clinic's name: it fits, so the name stays.
  assert.equal(weekend.reply,
    "Thanks, Maria. We are closed now. A person at Lakeside PT will read your message Monday at 8 AM. " +
    "In an emergency, call 911.");
});

test("a relative writing for the patient gets the patient's reply; a carer's own sign goes to a person", async () => {
  const relative = await send("mi mamá no puede tragar, se atraganta hasta con el agua", TUESDAY_OPEN);
  assert.equal(relative.tier, "emergency");
  assert.equal(relative.escalate, true);
  assert.equal(relative.reply,
    "This may be an emergency. Call 911 now. Then let us know. Do not wait and do not exercise.");
  const carer = await send(
    "I'm the daughter. my own calf has been swollen and red for 2 days. Mom did her exercises fine",
    TUESDAY_OPEN);
  assert.equal(carer.tier, null);
  assert.equal(carer.escalate, false);
  assert.equal(carer.needs_review, true);
  assert.equal(carer.reply,
    "Thanks, Maria. A person at Lakeside PT will read your message today. In an emergency, call 911.");
});
