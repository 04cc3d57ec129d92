// The main job: a real MCP client session against the ptmcp binary that builds the home
// exercise program for the sample knee-replacement case, prints the note and the text
// messages, and writes the printable page and the calendar to an output folder. The visit is
// today and the next visit a week from today, so the calendar has upcoming events whenever it
// runs; the clinic's name and number are the server's settings, and the page tells the patient
// to text DONE to that number.
//
//   node demo/demo.mjs [--bin PATH] [--case FILE] [--out DIR]
//                      [--clinic-name NAME] [--clinic-number NUMBER]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const bin = path.resolve(args.bin ?? path.join(root, "build/release/ptmcp"));
const shared = path.resolve(root, "../shared/cases/hep_post_tka.json");
const caseFile = path.resolve(args.case ?? (existsSync(shared) ? shared : path.join(root, "tests/data/cases/hep_post_tka.json")));
const out = path.resolve(args.out ?? path.join(root, "out"));
mkdirSync(out, { recursive: true });

const clinicName = args["clinic-name"] ?? "Lakeside Physical Therapy";
const clinicNumber = args["clinic-number"] ?? "555-0100";

// YYYY-MM-DD of a day `offset` days from today, on this computer's clock.
const day = (offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
};

const client = new Client({ name: "ptmcp-demo", version: "1.0.0" });
await client.connect(
  new StdioClientTransport({
    command: bin,
    args: ["--db", path.join(out, "ptmcp.db")],
    env: { ...process.env, PTMCP_CLINIC_NAME: clinicName, PTMCP_CLINIC_CONTACT: `Call or text ${clinicNumber}` },
    stderr: "inherit",
  }),
);
const server = client.getServerVersion();
const { tools } = await client.listTools();
console.log(`Connected to ${server.name} ${server.version}; tools: ${tools.map((t) => t.name).join(", ")}`);
console.log(`Case: ${caseFile}\n`);

const request = JSON.parse(readFileSync(caseFile, "utf8"));
request.formats = ["markdown", "sms", "html", "ics"];
request.visit.date = day(0);
request.visit.next_visit = day(7);
request.feedback.log_instruction = `Text DONE to ${clinicNumber} after you finish`;
console.log(`Clinic: ${clinicName}, ${clinicNumber}. Visit today (${request.visit.date}), next visit ${request.visit.next_visit}.\n`);
const result = await client.callTool({ name: "generate_hep", arguments: request });
if (result.isError) {
  console.error(result.content[0].text);
  await client.close();
  process.exit(1);
}
const hep = result.structuredContent;
console.log(hep.artifacts.markdown);
console.log("Text messages (one segment each):");
hep.artifacts.sms.messages.forEach((m, i) => {
  const f = hep.quality.sms.messages[i];
  console.log(`  ${String(i + 1).padStart(2)}. [${f.encoding === "gsm7" ? "GSM-7" : "UCS-2"}, ${f.segments} segment] ${m}`);
});
console.log(`Daily reminder: ${hep.artifacts.sms.reminder}\n`);
for (const w of hep.warnings) console.log(`Warning (element ${w.element ?? "-"}, ${w.pointer}): ${w.message}`);
const q = hep.quality;
console.log(`Grade level ${q.grade_level} (target ${q.grade_target}), ${q.words} of ${q.word_budget} words, ${q.sms_messages} text messages.`);

const page = path.join(out, "page.html");
const calendar = path.join(out, "calendar.ics");
writeFileSync(page, hep.artifacts.html);
writeFileSync(calendar, hep.artifacts.ics);
console.log(`\nProgram ${hep.program_id} version ${hep.version} saved.`);
console.log(`Printable page: ${page}`);
console.log(`Calendar:       ${calendar}`);
await client.close();
