// Three stateless instances behind nginx round robin, one PostgreSQL database, four SDK
// clients writing at once: one instance is stalled and then killed with SIGKILL in the
// middle of the load, with requests in flight at it, and brought back on its port. A client that gets no answer (a 502 from nginx, a transport
// error) counts the write as not acknowledged and sends it again, as an SMS gateway would.
// Afterwards the database, read with the product's own `db export`, holds every acknowledged
// check-in exactly once and every acknowledged version with the content that was
// acknowledged, and each program's versions are numbered 1..N with no gap and no repeat.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { BIN, SOURCE_DIR } from "./harness.mjs";
import { NO_NGINX, connect, killAll, served, startInstance, startNginx, startPostgres } from "./cluster.mjs";

const TKA = JSON.parse(readFileSync(path.join(SOURCE_DIR, "tests/data/cases/hep_post_tka.json"), "utf8"));
const PROGRAMS = 3;
const CLIENTS = 4;
// Each client does at least MIN_OPS operations, then goes on until the restarted instance
// has answered RESTARTED_SERVES requests, so the kill and the restart always land inside
// the load however fast or slow the machine is; MAX_OPS bounds it if the restart never
// serves.
const MIN_OPS = 40;
const MAX_OPS = 150;
const RESTARTED_SERVES = 10;
const KILL_AFTER_ACKS = 30;
const ATTEMPTS = 6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

after(killAll);

test("SIGKILL of one of three instances behind nginx under load loses no acknowledged check-in or version", { skip: NO_NGINX, timeout: 100_000 }, async (t) => {
  const pg = startPostgres();
  let nginx;
  try {
    const instances = await Promise.all([0, 1, 2].map(() => startInstance(pg.db).ready));
    // max_fails=0: nginx never sets the killed instance aside, so the restarted one gets its
    // share at once. While it is down, a connection refused sends the request on to the next
    // instance (the request never reached the dead one: safe, even for a POST).
    nginx = await startNginx(instances.map((s) => s.port), { upstream: "max_fails=0" });

    const { client: setup } = await connect(nginx.url);
    const programs = [];
    for (let p = 0; p < PROGRAMS; p++) {
      const patient = { ...TKA.patient, name: ["Maria", "Rosa", "Lucía"][p] };
      const made = await setup.callTool({ name: "generate_hep", arguments: { ...TKA, patient } });
      assert.equal(made.isError, false, made.content?.[0]?.text);
      programs.push({ id: made.structuredContent.program_id, patient, v1: made.structuredContent.program });
    }
    await setup.close();

    const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => connect(nginx.url, `load-${i}`).then((c) => c.client)));
    const ops = [];        // every operation sent, with what came of it
    const toolErrors = []; // isError answers: the database is up throughout, so there should be none
    let acked = 0;
    let inflight = 0;
    let failures = 0;
    const failureKinds = new Set();
    const state = { killed: null, restarted: null, loadEnded: false };

    // One attempt: the structured answer when acknowledged, null when not (no answer, or
    // an answer that is not a success).
    async function attempt(client, name, args) {
      inflight++;
      try {
        const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 15_000 });
        if (r.isError) {
          toolErrors.push(`${name}: ${r.content?.[0]?.text}`);
          return null;
        }
        return r.structuredContent;
      } catch (e) {
        failures++;
        failureKinds.add(String(e.message).slice(0, 80));
        return null;
      } finally {
        inflight--;
      }
    }

    async function run(i) {
      const client = clients[i];
      for (let j = 0; j < MAX_OPS; j++) {
        if (j >= MIN_OPS && state.restarted && served(state.restarted) >= RESTARTED_SERVES) break;
        const n = i * MAX_OPS + j;
        const program = programs[(i + j) % PROGRAMS];
        const tag = `c${i}-${j}`;
        const op = j % 4 === 3
          ? { kind: "revision", tag, program: program.id, name: "generate_hep",
              args: { ...TKA, patient: program.patient, program_id: program.id, milestone: `${TKA.milestone} (${tag})` } }
          : { kind: "checkin", tag, program: program.id, name: "record_checkin",
              args: { program_id: program.id, message: `did all 3, pain ${n % 4}/10 (${tag})`,
                      received_at: `2026-11-25T${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}:00-05:00` } };
        op.attempts = 0;
        ops.push(op);
        while (op.attempts < ATTEMPTS) {
          op.attempts++;
          const answer = await attempt(client, op.name, op.args);
          if (answer) {
            op.ack = answer;
            op.ackedAfterKill = state.killed !== null;
            acked++;
            break;
          }
          await sleep(50);
        }
      }
    }

    // The nginx connections open at an instance (one per request: no upstream keepalive),
    // by their other end's port, from the kernel's table (a stopped process cannot say).
    const openAt = (port) => {
      const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
      return new Set(readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1).map((l) => l.trim().split(/\s+/))
        .filter((f) => f[1]?.endsWith(hex) && f[3] === "01").map((f) => f[2]));
    };

    // The middle instance, once some writes are acknowledged, is stopped (SIGSTOP: a stall,
    // as under memory pressure), so that whatever it was doing stays half done and the
    // requests nginx goes on sending it wait in its socket; once one is there, it is killed
    // (SIGKILL) and, after a short pause, started again on its port. The stop makes sure the
    // kill lands on requests in flight however the timing falls: a request caught before its
    // commit must not be saved, one caught after it must be saved once, and nginx answers
    // both 502 without sending them elsewhere.
    async function chaos() {
      const victim = instances[1];
      const deadline = Date.now() + 30_000;
      while (acked < KILL_AFTER_ACKS) {
        assert.ok(Date.now() < deadline, "the load never reached the point of the kill");
        assert.ok(!state.loadEnded, "the load ended before the kill");
        await sleep(1);
      }
      victim.child.kill("SIGSTOP");
      let atVictim = 0;
      while ((atVictim = openAt(victim.port).size) < 1) {
        assert.ok(Date.now() < deadline, "no request reached the stopped instance");
        await sleep(1);
      }
      await sleep(20);
      state.killed = { acked, inflight, atVictim: Math.max(atVictim, openAt(victim.port).size), failures };
      victim.child.kill("SIGKILL");
      const { signal } = await victim.exited;
      assert.equal(signal, "SIGKILL");
      await sleep(300);
      state.restarted = await startInstance(pg.db, { port: victim.port }).ready;
    }

    const started = Date.now();
    const killer = chaos().catch((e) => (state.chaosError = e));
    await Promise.all(clients.map((_, i) => run(i)));
    state.loadEnded = true;
    await killer;
    if (state.chaosError) throw state.chaosError;
    const seconds = (Date.now() - started) / 1000;
    await Promise.all(clients.map((c) => c.close()));

    const unacked = ops.filter((o) => !o.ack);
    t.diagnostic(`${ops.length} operations in ${seconds.toFixed(1)} s, ${acked} acknowledged, ${unacked.length} given up, `
      + `${failures} failed attempts; killed after ${state.killed.acked} acknowledged with ${state.killed.inflight} in flight, ${state.killed.atVictim} at it; `
      + `the restarted instance answered ${served(state.restarted)}; retried check-ins found saved: `
      + `${ops.filter((o) => o.ack?.duplicate).length}; revisions sent again: ${ops.filter((o) => o.kind === "revision" && o.attempts > 1).length}; `
      + `failures: ${[...failureKinds].join(" / ")}`);
    assert.deepEqual(toolErrors, [], "no tool errors: the database was up throughout");
    assert.ok(state.killed.acked >= KILL_AFTER_ACKS && state.killed.atVictim >= 1, "killed in the middle of the load, with a request open at it");
    assert.ok(failures >= 1, "a request caught by the kill went unanswered");
    assert.ok(ops.some((o) => o.ackedAfterKill), "writes went on being acknowledged after the kill");
    assert.ok(served(state.restarted) >= RESTARTED_SERVES, `the restarted instance served: ${served(state.restarted)}`);
    for (const s of [instances[0], instances[2]]) assert.equal(s.child.exitCode, null, "the other instances are still up");
    assert.ok(unacked.length <= ops.length / 10, `most writes acknowledged: ${unacked.length} of ${ops.length} not`);

    // What the database holds, by the product's own export.
    const { stdout } = await promisify(execFile)(BIN, ["--db", pg.db, "db", "export"], { maxBuffer: 256 << 20 });
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
    const versions = lines.filter((l) => l.version).map((l) => l.version);
    const checkins = lines.filter((l) => l.checkin).map((l) => l.checkin);
    const counts = lines.at(-1).counts;
    assert.equal(counts.versions, versions.length);
    assert.equal(counts.checkins, checkins.length);
    // And straight from the tables, over the socket.
    const psql = spawnSync("psql", [pg.db, "-tAc", "SELECT (SELECT count(*) FROM program_versions) || ' ' || (SELECT count(*) FROM checkins)"], { encoding: "utf8" });
    assert.equal(psql.status, 0, psql.stderr);
    assert.equal(psql.stdout.trim(), `${versions.length} ${checkins.length}`);

    // Check-ins: each acknowledged one exactly once; nothing stored that was never sent; an
    // answer "duplicate" only for a check-in sent more than once (the retry of one that was
    // saved but whose answer was lost).
    const key = (program, received_at, message) => `${program}|${received_at}|${message}`;
    const stored = new Map();
    for (const c of checkins) {
      const k = key(c.program_id, c.received_at, c.message);
      stored.set(k, (stored.get(k) ?? 0) + 1);
    }
    const sentCheckins = ops.filter((o) => o.kind === "checkin");
    const sentKeys = new Set(sentCheckins.map((o) => key(o.program, o.args.received_at, o.args.message)));
    for (const o of sentCheckins) {
      const k = key(o.program, o.args.received_at, o.args.message);
      if (o.ack) {
        assert.equal(stored.get(k), 1, `acknowledged check-in ${o.tag} stored ${stored.get(k) ?? 0} times`);
        if (o.ack.duplicate) assert.ok(o.attempts > 1, `check-in ${o.tag} called a duplicate on its first sending`);
      }
    }
    for (const [k, n] of stored) {
      assert.equal(n, 1, `check-in stored ${n} times: ${k}`);
      assert.ok(sentKeys.has(k), `a check-in no one sent: ${k}`);
    }

    // Versions: 1..N for each program; each acknowledged one stored with what was
    // acknowledged; every stored revision one that was sent, at most once per sending.
    const revisions = ops.filter((o) => o.kind === "revision");
    let savedTwice = 0; // revisions saved, unanswered, sent again and saved again: allowed
    for (const program of programs) {
      const mine = versions.filter((v) => v.program_id === program.id);
      assert.deepEqual(mine.map((v) => v.version).sort((a, b) => a - b), Array.from({ length: mine.length }, (_, i) => i + 1),
        `program ${program.id}: versions 1..N, no gap, no repeat`);
      const byNumber = new Map(mine.map((v) => [v.version, v]));
      assert.deepEqual(byNumber.get(1).program, program.v1);
      const ackedNumbers = new Set();
      for (const o of revisions.filter((r) => r.program === program.id)) {
        const made = mine.filter((v) => v.program.milestone.endsWith(`(${o.tag})`)).length;
        assert.ok(made <= o.attempts, `revision ${o.tag} sent ${o.attempts} times, stored ${made}`);
        if (made > 1) savedTwice++;
        if (!o.ack) continue;
        assert.ok(!ackedNumbers.has(o.ack.version), `version ${o.ack.version} of ${program.id} acknowledged twice`);
        ackedNumbers.add(o.ack.version);
        const v = byNumber.get(o.ack.version);
        assert.ok(v, `acknowledged version ${o.ack.version} of ${program.id} is missing`);
        assert.deepEqual(v.program, o.ack.program, `version ${o.ack.version} of ${program.id} holds what was acknowledged`);
        assert.ok(v.program.milestone.endsWith(`(${o.tag})`));
      }
      for (const v of mine.filter((v) => v.version > 1))
        assert.ok(revisions.some((o) => o.program === program.id && v.program.milestone.endsWith(`(${o.tag})`)), `a version no one sent: ${program.id} v${v.version}`);
    }

    // A fresh client through nginx reads the same: every version listed, every check-in counted.
    const { client: reader } = await connect(nginx.url);
    for (const program of programs) {
      const listed = JSON.parse((await reader.readResource({ uri: `ptmcp://programs/${program.id}` })).contents[0].text);
      assert.deepEqual(listed.versions.map((v) => v.version), versions.filter((v) => v.program_id === program.id).map((v) => v.version).sort((a, b) => a - b));
      const review = await reader.callTool({ name: "review_adherence", arguments: { program_id: program.id, from: "2026-11-25", to: "2026-11-25" } });
      assert.equal(review.isError, false, review.content?.[0]?.text);
      assert.equal(review.structuredContent.checkins, checkins.filter((c) => c.program_id === program.id).length);
    }
    await reader.close();
    t.diagnostic(`${versions.length} versions, ${checkins.length} check-ins stored; revisions saved twice (answer lost, sent again): ${savedTwice}`);
  } finally {
    await nginx?.stop();
    killAll();
    pg.stop();
  }
});
