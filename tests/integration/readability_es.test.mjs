// ptmcp's Spanish reading level (Fernández-Huerta and Szigriszt-Pazos/INFLESZ) against an
// independent implementation: syllables from the published npm Spanish syllabifier
// `silabas` (onset, nucleus and coda, a different method from ptmcp's vowel-group count),
// and sentences and words counted here by another rule, on a fixed corpus of passages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import silabas from "silabas";
import { SOURCE_DIR } from "./harness.mjs";

const REPORT = process.env.PTMCP_READABILITY_REPORT;
const PASSAGES = path.join(SOURCE_DIR, "tests/data/spanish/passages.json");
const WORDS = path.join(SOURCE_DIR, "tests/data/spanish/syllables.json");

const LETTER = /[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]/;
const syllablesOf = (word) => {
  const letters = word.replace(/[^A-Za-zÁÉÍÓÚÜÑáéíóúüñ]/g, "");
  if (!letters) return /[0-9]/.test(word) ? 1 : 0;
  return silabas(letters).syllables().length;
};

// Sentence ends are runs of . ! ? followed by a space and a capital, an opening ¿ or ¡, a
// digit or a quote, with or without a dialogue dash before it; words are runs between spaces or slashes holding a letter or a digit.
function figuresOf(text) {
  const sentences = text
    .split(/(?<=[.!?…])["»”]?\s+(?=[—–]?[¿¡"«“A-ZÁÉÍÓÚÑ0-9])/)
    .filter((s) => LETTER.test(s) || /[0-9]/.test(s));
  const words = text.split(/[\s/]+/).filter((w) => LETTER.test(w) || /[0-9]/.test(w));
  const syllables = words.reduce((n, w) => n + syllablesOf(w), 0);
  const perWord = syllables / words.length;
  return {
    fernandez_huerta: 206.84 - 60 * perWord - (102 * sentences.length) / words.length,
    inflesz: 206.835 - 62.3 * perWord - words.length / sentences.length,
  };
}

test("Spanish formulas stay within 3 points of an independent implementation on every passage", () => {
  const { passages } = JSON.parse(readFileSync(PASSAGES, "utf8"));
  assert.ok(passages.length >= 30, "the corpus needs at least 30 passages");
  const ours = JSON.parse(execFileSync(REPORT, ["--es", PASSAGES], { encoding: "utf8" }));
  assert.equal(ours.length, passages.length);
  const rows = [];
  let worst = 0;
  passages.forEach((p, i) => {
    const theirs = figuresOf(p.text);
    const fh = Math.abs(ours[i].fernandez_huerta - theirs.fernandez_huerta);
    const sp = Math.abs(ours[i].inflesz - theirs.inflesz);
    worst = Math.max(worst, fh, sp);
    rows.push({
      id: p.id,
      kind: p.kind,
      fh_ptmcp: ours[i].fernandez_huerta.toFixed(1),
      fh_other: theirs.fernandez_huerta.toFixed(1),
      inflesz_ptmcp: ours[i].inflesz.toFixed(1),
      inflesz_other: theirs.inflesz.toFixed(1),
      band: ours[i].inflesz_band,
    });
    assert.ok(fh <= 3, `${p.id}: Fernández-Huerta ${ours[i].fernandez_huerta.toFixed(2)} vs ${theirs.fernandez_huerta.toFixed(2)}`);
    assert.ok(sp <= 3, `${p.id}: INFLESZ ${ours[i].inflesz.toFixed(2)} vs ${theirs.inflesz.toFixed(2)}`);
  });
  console.table(rows);
  console.log(`largest difference: ${worst.toFixed(2)} points over ${passages.length} passages`);
});

test("the independent syllabifier agrees with the hand counts ptmcp is held to", () => {
  // Not a test of ptmcp (tests/unit/tools/text/readability_es_test.cpp holds it to every hand
  // count): it shows the reference used above is itself close to the hand counts.
  const { words } = JSON.parse(readFileSync(WORDS, "utf8"));
  const plain = words.filter((w) => !w.disputed);
  const agree = plain.filter((w) => syllablesOf(w.word) === w.syllables).length;
  console.log(`silabas matches ${agree} of ${plain.length} hand-counted words`);
  assert.ok(agree / plain.length >= 0.95, `silabas matches only ${agree} of ${plain.length}`);
});
