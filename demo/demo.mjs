// The main job: a real MCP client session against the ptmcp binary that builds the home
// exercise program for the sample knee-replacement case, prints the note and the text
// messages, and writes the printable page and the calendar to an output folder.
//
//   node demo/demo.mjs [--bin PATH] [--case FILE] [--out DIR]
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

const client = new Client({ name: "ptmcp-demo", version: "1.0.0" });
await client.connect(new StdioClientTransport({ command: bin, args: ["--db", path.join(out, "ptmcp.db")], stderr: "inherit" }));
const server = client.getServerVersion();
const { tools } = await client.listTools();
console.log(`Connected to ${server.name} ${server.version}; tools: ${tools.map((t) => t.name).join(", ")}`);
console.log(`Case: ${caseFile}\n`);

const request = JSON.parse(readFileSync(caseFile, "utf8"));
request.formats = ["markdown", "sms", "html", "ics"];
const result = await client.callTool({ name: "generate_hep", arguments: request });
if (result.isError) {
  console.error(result.content[0].text);
  await client.close();
  process.exit(1);
}
const hep = result.structuredContent;
console.log(hep.artifacts.markdown);
console.log("Text messages (one segment each):");
hep.artifacts.sms.messages.forEach((m, i) => console.log(`  ${String(i + 1).padStart(2)}. ${m}`));
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
