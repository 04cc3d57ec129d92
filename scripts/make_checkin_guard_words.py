#!/usr/bin/env python3
"""Writes data/clinical/checkin_guard_words.json: the correctly spelled English and Spanish
words that the check-in reader's typo tolerance would otherwise read as a lexicon word
("while" as "white", "leaving" as "leaking", "tener" as "tender", "calentar" as "calentura").
A word on this list is read as itself, never as a typo of another word.

Run after changing data/clinical/checkin_lexicon.json (Debian's wamerican and wspanish give
the word lists):  scripts/make_checkin_guard_words.py
It mirrors the reader's rules (tools/checkins/checkin_words.cpp and checkin_parser.cpp):
words of five letters or more, same first letter, one edit under eight letters and two from
eight, transpositions count as one; a word whose inflection stem is a lexicon word's stem, or
that starts with a lexicon word, is an inflection, not a typo, and stays readable."""
import json, os, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICON = os.path.join(ROOT, "data/clinical/checkin_lexicon.json")
OUT = os.path.join(ROOT, "data/clinical/checkin_guard_words.json")
DICTS = ["/usr/share/dict/american-english", "/usr/share/dict/spanish"]
ENDINGS = ["ieron", "iendo", "aron", "ando", "ados", "adas", "idos", "idas", "ing", "ado", "ada",
           "ido", "ida", "ies", "io", "ed", "es", "ar", "er", "ir", "an", "en", "ly", "s", "o",
           "a", "e"]


def fold(text):
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("'", "").replace("\u2019", "")


def words_of(phrase):
    out, cur = [], ""
    for c in fold(phrase):
        if c.isalnum():
            cur += c
        else:
            if cur:
                out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def stem_of(w):
    for e in ENDINGS:
        if len(w) >= len(e) + 4 and w.endswith(e):
            return w[: len(w) - len(e)]
    return w


def distance(a, b, limit):
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], before[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        before, prev = prev, cur
    return min(prev[len(b)], limit + 1)


def strings(node, skip=("description", "sources", "name", "label", "tier", "kind", "review")):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for x in node:
            yield from strings(x)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in skip:
                yield from strings(v)


def main():
    lex = json.load(open(LEXICON, encoding="utf-8"))
    vocabulary, stems = set(), set()
    for s in strings({k: v for k, v in lex.items() if k not in ("guard_words", "rules")}):
        vocabulary.update(words_of(s))
    for concept in lex["concepts"].values():
        for w in concept["words"]:
            ws = words_of(w)
            if len(ws) == 1 and len(ws[0]) >= 5:
                stems.add(stem_of(ws[0]))
    known = vocabulary | {fold(w) for w in lex["guard_words"]}
    targets = {}
    for w in vocabulary:
        if len(w) >= 5 and w.isalpha() and "a" <= w[0] <= "z":
            targets.setdefault(w[0], []).append(w)
    long_words = {}
    for t in vocabulary:
        if len(t) >= 5:
            long_words.setdefault(t[:5], []).append(t)
    guard = set()
    for path in DICTS:
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: apt-get install wamerican wspanish")
        for line in open(path, encoding="utf-8", errors="replace"):
            if "'" in line:  # possessives ("numbness's") are not words of their own
                continue
            w = fold(line.strip())
            if len(w) < 5 or not w.isalpha() or not ("a" <= w[0] <= "z") or w in known:
                continue
            if stem_of(w) in stems or any(w.startswith(t) for t in long_words.get(w[:5], ())):
                continue  # an inflection or a longer form of a lexicon word ("swellings")
            for t in targets.get(w[0], []):
                shorter = min(len(w), len(t))
                allowed = 0 if shorter < 5 else 1 if shorter < 8 else 2
                if allowed and distance(w, t, allowed) <= allowed:
                    guard.add(w)
                    break
    data = {
        "description": "Correctly spelled English and Spanish words that are one or two letters "
        "away from a check-in lexicon word; each is read as itself, never as a typo. Made by "
        "scripts/make_checkin_guard_words.py from Debian's wamerican and wspanish word lists; "
        "do not edit by hand.",
        "words": sorted(guard),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(guard)} guard words -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
