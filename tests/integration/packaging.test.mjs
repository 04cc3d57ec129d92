// The installable packages (cmake --build BUILD --target plugin, in BUILD/dist): the Claude
// Code / Cowork plugin and its marketplace, and the Claude Desktop extension (MCPB). Each
// is checked with its platform's own validator, installed or unpacked the way Claude does
// it, and its server is driven through a whole MCP session with the TypeScript SDK client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { getMcpConfigForManifest } from "@anthropic-ai/mcpb";
import { BIN, BIN_DIR, POSTGRESQL, SOURCE_DIR, tempDir } from "./harness.mjs";

const run = promisify(execFile);
const DIST = process.env.PTMCP_DIST;
if (!DIST) throw new Error("PTMCP_DIST must name the assembled packages (ctest sets it)");
const MARKETPLACE = path.join(DIST, "marketplace");
const PLUGIN = path.join(MARKETPLACE, "physical-therapist");
const BUNDLE = path.join(DIST, "mcpb");
const claude = path.join(BIN_DIR, "claude");
const mcpb = path.join(BIN_DIR, "mcpb");
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const CLINIC = { clinic_name: "Lakeside Physical Therapy", clinic_contact: "Call 555-0100, Monday to Friday" };

async function version() {
  const { stdout } = await run(BIN, ["--version"]);
  return stdout.trim();
}

function claudeEnv(home) {
  return { ...process.env, HOME: home, DISABLE_AUTOUPDATER: "1", CLAUDE_CONFIG_DIR: path.join(home, ".claude") };
}

// A whole session against a server started with `config` ({command, args, env}): the tool
// and prompt lists, and a program whose printed page must name the clinic.
async function session(config, { expectClinic = true } = {}) {
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    env: { PATH: process.env.PATH, ...config.env },
    stderr: "pipe",
  });
  const client = new Client({ name: "packaging-test", version: "1" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const { prompts } = await client.listPrompts();
    const hep = readJson(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"));
    const result = await client.callTool({ name: "generate_hep", arguments: { ...hep, formats: ["markdown", "html"] } });
    assert.ok(!result.isError, JSON.stringify(result.content));
    const { html, markdown } = result.structuredContent.artifacts;
    if (expectClinic) {
      assert.match(html, /<p class="clinic"><strong>Lakeside Physical Therapy\.<\/strong><br>Call 555-0100, Monday to Friday\.<\/p>/);
      assert.match(markdown, /Your physical therapy team at Lakeside Physical Therapy/);
    } else {
      assert.doesNotMatch(html, /class="clinic"/);
      assert.doesNotMatch(html, /\$\{/); // no unexpanded placeholder reaches the page
    }
    return { tools: tools.map((t) => t.name), prompts, programId: result.structuredContent.program_id };
  } finally {
    await client.close();
  }
}

// Every file under dir that is an ELF executable.
function executables(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    if (!statSync(file).isFile() || !(statSync(file).mode & 0o111)) continue;
    if (readFileSync(file).subarray(0, 4).toString("latin1") === "\x7fELF") found.push(file);
  }
  return found;
}

test("the packages carry the build's version", async () => {
  const v = await version();
  assert.equal(readJson(path.join(PLUGIN, ".claude-plugin/plugin.json")).version, v);
  assert.equal(readJson(path.join(MARKETPLACE, ".claude-plugin/marketplace.json")).plugins[0].version, v);
  assert.equal(readJson(path.join(BUNDLE, "manifest.json")).version, v);
  assert.ok(existsSync(path.join(DIST, `physical-therapist-${v}.plugin`)));
  // The source files the repository's own marketplace serves say the same.
  assert.equal(readJson(path.join(SOURCE_DIR, "plugin/.claude-plugin/plugin.json")).version, v);
  assert.equal(readJson(path.join(SOURCE_DIR, ".claude-plugin/marketplace.json")).plugins[0].version, v);
  assert.equal(readJson(path.join(SOURCE_DIR, "plugin/mcpb/manifest.json")).version, v);
});

test("claude plugin validate --strict passes for the plugin and both marketplaces", async () => {
  const env = claudeEnv(tempDir("ptmcp-home-"));
  for (const target of [PLUGIN, MARKETPLACE, path.join(SOURCE_DIR, "plugin"), SOURCE_DIR]) {
    const { stdout } = await run(claude, ["plugin", "validate", "--strict", target], { env, timeout: 120000 });
    assert.match(stdout, /Validation passed/, `${target}:\n${stdout}`);
  }
});

test("every skill names itself and says when to use it", () => {
  const skills = readdirSync(path.join(PLUGIN, "skills"));
  assert.deepEqual(skills.sort(), ["adherence-review", "between-visit-checkin", "end-of-visit-hep", "progress-report"]);
  for (const skill of skills) {
    const text = readFileSync(path.join(PLUGIN, "skills", skill, "SKILL.md"), "utf8");
    const front = text.match(/^---\n([\s\S]*?)\n---\n/);
    assert.ok(front, `${skill}: no frontmatter`);
    assert.match(front[1], new RegExp(`^name: ${skill}$`, "m"));
    assert.match(front[1], /^description: .{40,}$/m);
    assert.match(text, /## What the therapist decides/);
    assert.match(text, /## What you may write/);
  }
});

// The packages start ptmcp with no --db: its data is a SQLite file in the folder they give
// it, whatever store the rest of the suite runs on.
const DEFAULT_FILE = POSTGRESQL && "checks the SQLite file the packages keep in their data folder; they never use PostgreSQL";

test("installed from the marketplace, the plugin's server is connected and keeps its data", { skip: DEFAULT_FILE }, async () => {
  const home = tempDir("ptmcp-home-");
  const project = tempDir("ptmcp-project-");
  const env = claudeEnv(home);
  const opts = { env, cwd: project, timeout: 120000 };
  await run(claude, ["plugin", "marketplace", "add", MARKETPLACE], opts);
  await run(
    claude,
    ["plugin", "install", "physical-therapist@ptmcp", "--config", `clinic_name=${CLINIC.clinic_name}`, "--config", `clinic_contact=${CLINIC.clinic_contact}`],
    opts,
  );
  const { stdout } = await run(claude, ["mcp", "list"], opts);
  const line = stdout.split("\n").find((l) => l.startsWith("plugin:physical-therapist:ptmcp:"));
  assert.ok(line, `the plugin's server is missing from:\n${stdout}`);
  assert.match(line, /Connected/);

  // Start the server the way .mcp.json says, with Claude Code's substitutions: the
  // installed plugin's root, its data folder, and the options given at install.
  const installed = readJson(path.join(home, ".claude/plugins/installed_plugins.json"));
  const root = installed.plugins["physical-therapist@ptmcp"][0].installPath;
  const data = path.join(home, ".claude/plugins/data/physical-therapist-ptmcp");
  assert.ok(line.includes(data), `the database is not under the plugin's data folder: ${line}`);
  const options = readJson(path.join(home, ".claude/settings.json")).pluginConfigs["physical-therapist@ptmcp"].options;
  const expand = (s) =>
    s
      .replaceAll("${CLAUDE_PLUGIN_ROOT}", root)
      .replaceAll("${CLAUDE_PLUGIN_DATA}", data)
      .replace(/\$\{user_config\.(\w+)\}/g, (_, key) => String(options[key] ?? ""));
  const server = readJson(path.join(root, ".mcp.json")).mcpServers.ptmcp;
  const config = {
    command: expand(server.command),
    args: server.args.map(expand),
    env: Object.fromEntries(Object.entries(server.env).map(([k, v]) => [k, expand(v)])),
  };
  const first = await session(config);
  assert.deepEqual(first.tools.sort(), ["audit_hep", "draft_progress_note", "find_programs", "generate_hep", "record_checkin", "review_adherence", "search_exercises"]);
  assert.ok(existsSync(path.join(data, "ptmcp.db")));

  // A second session (a new Claude window, or after a plugin update) finds the program.
  const transport = new StdioClientTransport({ command: config.command, args: config.args, env: { PATH: process.env.PATH, ...config.env } });
  const client = new Client({ name: "packaging-test", version: "1" });
  await client.connect(transport);
  const read = await client.readResource({ uri: `ptmcp://programs/${first.programId}` });
  assert.equal(JSON.parse(read.contents[0].text).program_id, first.programId);
  await client.close();
});

test("mcpb validate passes and the bundle's server runs as Claude Desktop starts it", { skip: DEFAULT_FILE }, async () => {
  const { stdout } = await run(mcpb, ["validate", path.join(BUNDLE, "manifest.json")]);
  assert.match(stdout, /Manifest schema validation passes/);

  const unpacked = tempDir("ptmcp-mcpb-");
  await run(mcpb, ["unpack", path.join(DIST, "ptmcp.mcpb"), unpacked]);
  const manifest = readJson(path.join(unpacked, "manifest.json"));
  assert.equal(manifest.manifest_version, "0.3");
  assert.equal(manifest.server.type, "binary");
  assert.ok(statSync(path.join(unpacked, manifest.server.entry_point)).mode & 0o111, "the entry point lost its execute bit");

  // With the settings filled in: the clinic is printed and data goes to the chosen folder.
  const data = tempDir("ptmcp-data-");
  const home = tempDir("ptmcp-home-");
  const systemDirs = { HOME: home, DESKTOP: home, DOCUMENTS: home, DOWNLOADS: home };
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: unpacked,
    systemDirs,
    userConfig: { ...CLINIC, data_folder: data },
    pathSeparator: "/",
  });
  const withSettings = await session({ ...config, env: { ...config.env, HOME: home } });
  assert.deepEqual(
    withSettings.tools.sort(),
    manifest.tools.map((t) => t.name).sort(),
    "the manifest's tools differ from the server's",
  );
  assert.deepEqual(
    withSettings.prompts.map((p) => [p.name, (p.arguments ?? []).map((a) => a.name)]).sort(),
    manifest.prompts.map((p) => [p.name, p.arguments ?? []]).sort(),
    "the manifest's prompts differ from the server's",
  );
  assert.ok(existsSync(path.join(data, "ptmcp.db")));

  // With nothing filled in, the launcher passes "${user_config.…}" through untouched: no
  // clinic line, and the database goes to the usual per-user folder.
  const bare = await getMcpConfigForManifest({ manifest, extensionPath: unpacked, systemDirs, userConfig: {}, pathSeparator: "/" });
  assert.match(bare.env.PTMCP_DATA_DIR, /^\$\{user_config\.data_folder\}$/);
  await session({ ...bare, env: { ...bare.env, HOME: home } }, { expectClinic: false });
  assert.ok(existsSync(path.join(home, ".local/share/ptmcp/ptmcp.db")));
});

test("the packaged binaries need nothing outside the package but the C library", async () => {
  const system = /^(linux-vdso\.so|ld-linux[^ ]*\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so)/;
  const checked = [];
  for (const pkg of [PLUGIN, BUNDLE]) {
    for (const exe of executables(pkg)) {
      const { stdout } = await run("ldd", [exe]);
      for (const row of stdout.split("\n").map((l) => l.trim()).filter(Boolean)) {
        assert.doesNotMatch(row, /not found/, `${exe}: ${row}`);
        const [name, , where] = row.split(/\s+/);
        if (system.test(path.basename(name))) continue;
        assert.ok(where && path.resolve(where).startsWith(pkg + path.sep), `${exe} needs ${row} from outside the package`);
      }
      assert.doesNotMatch(stdout, /libstdc\+\+|libgcc_s/, `${exe} must link libstdc++ and libgcc statically`);
      checked.push(exe);
    }
  }
  assert.equal(checked.length, 2, `expected the plugin's and the bundle's binary, found ${checked}`);
});

test("the repository's plugin runs the ptmcp on PATH, and says so when there is none", async () => {
  const launcher = path.join(SOURCE_DIR, "plugin/bin/ptmcp");
  const onPath = tempDir("ptmcp-path-");
  symlinkSync(BIN, path.join(onPath, "ptmcp"));
  const { stdout } = await run(launcher, ["--version"], { env: { PATH: `${path.dirname(launcher)}:${onPath}:/usr/bin:/bin` } });
  assert.equal(stdout.trim(), await version());

  const empty = tempDir("ptmcp-path-");
  mkdirSync(path.join(empty, "bin"));
  await assert.rejects(
    run(launcher, ["serve"], { env: { PATH: `${path.dirname(launcher)}:${path.join(empty, "bin")}:/usr/bin:/bin` } }),
    (e) => e.code === 127 && e.stdout === "" && /not installed/.test(e.stderr),
  );
});
