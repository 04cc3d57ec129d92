// Prints the grid of programs in tests/integration/page_fit.mjs with headless Chromium and
// writes the word budgets the checker uses to data/config/page_fit.json.
// Usage: node scripts/measure_page_fit.mjs build/release/ptmcp
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { budget, grid, measure, stored } from "../tests/integration/page_fit.mjs";

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.resolve(process.argv[2] ?? path.join(source, "build/release/ptmcp"));
const measurements = grid().map((program) => {
  const m = measure(bin, program);
  console.log(`${m.words} words, ${m.letter_pages} Letter / ${m.a4_pages} A4: ${m.key}`);
  return { key: m.key, large: m.large, words: m.words, letter_pages: m.letter_pages, a4_pages: m.a4_pages };
});
const fit = stored(source);
fit.default_print.one_sheet_words = budget(measurements, false);
fit.large_print.two_sheet_words = budget(measurements, true);
fit.measurements = measurements;
writeFileSync(path.join(source, "data/config/page_fit.json"), JSON.stringify(fit, null, 1) + "\n");
console.log(`one sheet at default print: ${fit.default_print.one_sheet_words} words; two sheets in large print: ${fit.large_print.two_sheet_words} words`);
