// ptmcp's Flesch-Kincaid grade against the published npm implementation (`syllable` for
// syllables, `flesch-kincaid` for the formula) on a fixed corpus of varied passages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { syllable } from "syllable";
import { fleschKincaid } from "flesch-kincaid";
import { SOURCE_DIR } from "./harness.mjs";

const REPORT = process.env.PTMCP_READABILITY_REPORT;
const PASSAGES = path.join(SOURCE_DIR, "tests/data/readability_passages.json");

// An independent count of sentences and words: sentence ends are runs of . ! ? followed by
// a space and a capital letter or digit, or the end; words are runs with a letter or digit.
function countsOf(text) {
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z0-9"])/).filter((s) => /[A-Za-z0-9]/.test(s));
  const words = text.split(/\s+/).map((w) => w.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "")).filter(Boolean);
  const syllables = words.reduce((n, w) => n + (/^[0-9.,:]+$/.test(w) ? 1 : syllable(w)), 0);
  return { sentence: sentences.length, word: words.length, syllable: syllables };
}

test("grade level stays within 0.5 grade of flesch-kincaid + syllable on average", () => {
  const { passages } = JSON.parse(readFileSync(PASSAGES, "utf8"));
  assert.ok(passages.length >= 30, "the corpus needs at least 30 passages");
  const ours = JSON.parse(execFileSync(REPORT, [PASSAGES], { encoding: "utf8" }));
  assert.equal(ours.length, passages.length);
  let total = 0;
  const rows = [];
  passages.forEach((p, i) => {
    const counts = countsOf(p.text);
    const theirs = fleschKincaid(counts);
    const diff = Math.abs(ours[i].grade - theirs);
    total += diff;
    rows.push({ i, kind: p.kind, ptmcp: ours[i].grade.toFixed(2), npm: theirs.toFixed(2), diff: diff.toFixed(2) });
    if (process.env.PTMCP_SYLLABLE_DIFFS) {
      for (const [w, n] of ours[i].word_syllables) {
        const m = /^[0-9.,:]+$/.test(w) ? 1 : syllable(w);
        if (m !== n) console.log(`  ${w}: ptmcp ${n}, syllable ${m}`);
      }
    }
  });
  const mad = total / passages.length;
  console.table(rows);
  console.log(`mean absolute difference: ${mad.toFixed(3)} grade over ${passages.length} passages`);
  assert.ok(mad <= 0.5, `mean absolute difference ${mad.toFixed(3)} exceeds 0.5 grade`);
});
