#include "tools/checkins/checkin_parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;
using Tokens = std::vector<std::string>;

bool is_boundary(const std::string& t) {
  static const std::set<std::string> kBoundaries = {",",    ".",      "!",       "?",   ";", "but",
                                                    "pero", "though", "however", "and", "y"};
  return kBoundaries.contains(t);
}

struct Phrases {
  struct Flag {
    std::string tier;
    std::string label;
    Tokens phrase;
    std::string text;
  };
  struct Combination {
    std::string tier;
    std::string label;
    std::size_t within = 5;
    std::vector<std::set<std::string>> groups;
  };
  std::vector<Flag> flags;
  std::vector<Combination> combinations;
  std::vector<Tokens> negate_before;
  std::size_t before_window = 3;
  std::vector<Tokens> negate_after;
  std::size_t after_window = 4;
  std::vector<Tokens> ignore;
  std::vector<Tokens> opt_out;
  std::vector<Tokens> help;
  std::map<std::string, std::string> spellings;
  std::map<std::string, std::vector<Tokens>> status;
};

Tokens tokenize(std::string_view raw, const std::map<std::string, std::string>* spellings);

const Phrases& phrases() {
  static const Phrases p = [] {
    Phrases out;
    auto data = Json::parse(server::require_asset("data/clinical/checkin_phrases.json"));
    for (const auto& [from, to] : data["spellings"].items())
      out.spellings[from] = to.get<std::string>();
    auto toks = [&](const std::string& s) { return tokenize(s, &out.spellings); };
    for (const auto& group : data["red_flags"]) {
      for (const auto& phrase : group["phrases"]) {
        out.flags.push_back({group["tier"], group["label"], toks(phrase.get<std::string>()),
                             phrase.get<std::string>()});
      }
    }
    // Longer phrases first, so "numb between my legs" (urgent) is found before "numb".
    std::stable_sort(out.flags.begin(), out.flags.end(), [](const auto& a, const auto& b) {
      return a.phrase.size() > b.phrase.size();
    });
    for (const auto& c : data["combinations"]) {
      Phrases::Combination combination{
          c["tier"], c["label"], c["within_words"].get<std::size_t>(), {}};
      for (const auto& group : c["all_of"]) {
        std::set<std::string> words;
        for (const auto& w : group)
          words.insert(toks(w.get<std::string>()).at(0));
        combination.groups.push_back(words);
      }
      out.combinations.push_back(combination);
    }
    for (const auto& n : data["negations"]["before"])
      out.negate_before.push_back(toks(n));
    for (const auto& n : data["negations"]["after"])
      out.negate_after.push_back(toks(n));
    out.before_window = data["negations"]["before_window"];
    out.after_window = data["negations"]["after_window"];
    for (const auto& i : data["ignore"])
      out.ignore.push_back(toks(i));
    for (const auto& w : data["opt_out"])
      out.opt_out.push_back(toks(w));
    for (const auto& w : data["help"])
      out.help.push_back(toks(w));
    for (const auto& [status, list] : data["status"].items()) {
      for (const auto& w : list)
        out.status[status].push_back(toks(w));
    }
    return out;
  }();
  return p;
}

// Lowercase words; punctuation that ends a clause kept as its own token; emoji that patients
// use for "done" and "skipped" read as words.
Tokens tokenize(std::string_view raw, const std::map<std::string, std::string>* spellings) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kEmoji = {
      {"\xF0\x9F\x91\x8D", " done "}, {"\xE2\x9C\x85", " done "},
      {"\xE2\x9C\x94", " done "},     {"\xF0\x9F\x92\xAA", " done "},
      {"\xE2\x9D\x8C", " skipped "},  {"\xF0\x9F\x91\x8E", " skipped "}};
  std::string text = text::normalize_punctuation(raw);
  for (const auto& [emoji, word] : kEmoji) {
    for (std::size_t at; (at = text.find(emoji)) != std::string::npos;)
      text.replace(at, emoji.size(), word);
  }
  Tokens tokens;
  std::string word;
  auto flush = [&] {
    while (!word.empty() && (word.back() == '\'' || word.back() == '/'))
      word.pop_back();
    if (!word.empty()) {
      if (spellings) {
        if (auto it = spellings->find(word); it != spellings->end()) word = it->second;
      }
      tokens.push_back(word);
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
    } else if ((c == '\'' || c == '/') && !word.empty() && i + 1 < text.size() &&
               std::isalnum(static_cast<unsigned char>(text[i + 1]))) {
      word += static_cast<char>(c);  // "can't", "5/10"
    } else if (c == '.' && !word.empty() && std::isdigit(static_cast<unsigned char>(word.back())) &&
               i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      word += '.';  // "100.4"
    } else {
      flush();
      if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == '\n')
        tokens.emplace_back(1, static_cast<char>(c == '\n' ? '.' : c));
    }
  }
  flush();
  return tokens;
}

bool matches_at(const Tokens& tokens, std::size_t at, const Tokens& phrase) {
  if (phrase.empty() || at + phrase.size() > tokens.size()) return false;
  return std::equal(phrase.begin(), phrase.end(), tokens.begin() + static_cast<std::ptrdiff_t>(at));
}

bool contains(const Tokens& tokens, const Tokens& phrase) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (matches_at(tokens, i, phrase)) return true;
  }
  return false;
}

bool contains_any(const Tokens& tokens, const std::vector<Tokens>& list) {
  return std::any_of(list.begin(), list.end(),
                     [&](const Tokens& p) { return contains(tokens, p); });
}

// A match at [begin, end) is negated by a negation word shortly before it in the same
// clause ("no calf pain") or a reassurance shortly after it ("calf is fine").
bool negated(const Tokens& tokens, std::size_t begin, std::size_t end) {
  const auto& p = phrases();
  std::size_t seen = 0;
  for (std::size_t i = begin; i > 0 && seen < p.before_window; --i, ++seen) {
    if (is_boundary(tokens[i - 1]) && tokens[i - 1] != "and") break;
    for (const auto& n : p.negate_before) {
      if (n.size() <= i && matches_at(tokens, i - n.size(), n)) return true;
    }
  }
  seen = 0;
  for (std::size_t i = end; i < tokens.size() && seen < p.after_window; ++i, ++seen) {
    if (is_boundary(tokens[i]) && tokens[i] != "and") break;
    for (const auto& n : p.negate_after) {
      if (matches_at(tokens, i, n)) return true;
    }
  }
  return false;
}

std::string join(const Tokens& tokens, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i)
    out += (out.empty() ? "" : " ") + tokens[i];
  return out;
}

void find_flags(const Tokens& tokens, ParsedCheckin& out) {
  const auto& p = phrases();
  std::vector<bool> taken(tokens.size(), false);
  for (const auto& ignore : p.ignore) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (matches_at(tokens, i, ignore))
        std::fill(taken.begin() + static_cast<std::ptrdiff_t>(i),
                  taken.begin() + static_cast<std::ptrdiff_t>(i + ignore.size()), true);
    }
  }
  for (const auto& flag : p.flags) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!matches_at(tokens, i, flag.phrase)) continue;
      const std::size_t end = i + flag.phrase.size();
      if (std::any_of(taken.begin() + static_cast<std::ptrdiff_t>(i),
                      taken.begin() + static_cast<std::ptrdiff_t>(end), [](bool t) { return t; }))
        continue;
      std::fill(taken.begin() + static_cast<std::ptrdiff_t>(i),
                taken.begin() + static_cast<std::ptrdiff_t>(end), true);
      if (negated(tokens, i, end)) continue;
      out.flags.push_back({flag.tier, flag.label, join(tokens, i, end)});
    }
  }
  for (const auto& c : p.combinations) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!c.groups[0].contains(tokens[i]) || taken[i]) continue;
      // Every other group must appear within the window, in the same clause.
      std::size_t lo = i;
      std::size_t hi = i;
      bool all = true;
      for (std::size_t g = 1; g < c.groups.size() && all; ++g) {
        bool found = false;
        for (std::size_t d = 1; d <= c.within && !found; ++d) {
          for (std::size_t j : {i + d, i >= d ? i - d : tokens.size()}) {
            if (j >= tokens.size() || !c.groups[g].contains(tokens[j])) continue;
            const std::size_t a = std::min(i, j);
            const std::size_t b = std::max(i, j);
            bool same_clause = true;
            for (std::size_t k = a; k < b; ++k)
              same_clause &= !(is_boundary(tokens[k]) && tokens[k] != "and" && tokens[k] != "y");
            if (!same_clause || negated(tokens, a, b + 1)) continue;
            lo = std::min(lo, j);
            hi = std::max(hi, j);
            found = true;
            break;
          }
        }
        all = found;
      }
      if (all) {
        out.flags.push_back({c.tier, c.label, join(tokens, lo, hi + 1)});
        std::fill(taken.begin() + static_cast<std::ptrdiff_t>(lo),
                  taken.begin() + static_cast<std::ptrdiff_t>(hi + 1), true);
      }
    }
  }
  for (const auto& f : out.flags) {
    if (tier_rank(f.tier) > tier_rank(out.tier)) out.tier = f.tier;
  }
}

std::optional<int> number_word(const std::string& w) {
  static const std::map<std::string, int> kNumbers = {
      {"zero", 0},  {"one", 1},   {"two", 2},   {"three", 3},  {"four", 4},  {"five", 5},
      {"six", 6},   {"seven", 7}, {"eight", 8}, {"nine", 9},   {"ten", 10},  {"cero", 0},
      {"uno", 1},   {"dos", 2},   {"tres", 3},  {"cuatro", 4}, {"cinco", 5}, {"seis", 6},
      {"siete", 7}, {"ocho", 8},  {"nueve", 9}, {"diez", 10}};
  if (auto it = kNumbers.find(w); it != kNumbers.end()) return it->second;
  if (!w.empty() && w.size() <= 2 &&
      std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::stoi(w);
  }
  return std::nullopt;
}

bool pain_word(const std::string& w) {
  static const std::set<std::string> kPain = {"pain",  "painful", "sore",  "soreness", "hurt",
                                              "hurts", "hurting", "ache",  "aches",    "aching",
                                              "achy",  "dolor",   "duele", "pain's",   "pains"};
  return kPain.contains(w);
}

std::optional<int> find_pain(const Tokens& t) {
  std::optional<int> found;
  auto take = [&](int v) {
    if (v >= 0 && v <= 10 && !found) found = v;
  };
  for (std::size_t i = 0; i < t.size() && !found; ++i) {
    // "5/10"
    if (auto slash = t[i].find('/'); slash != std::string::npos && t[i].substr(slash + 1) == "10") {
      if (auto n = number_word(t[i].substr(0, slash))) take(*n);
    }
    // "5 out of 10", "a five out of ten"
    if (i + 3 < t.size() && t[i + 1] == "out" && t[i + 2] == "of" &&
        (t[i + 3] == "10" || t[i + 3] == "ten")) {
      if (auto n = number_word(t[i])) take(*n);
    }
  }
  const bool pain_context = std::any_of(t.begin(), t.end(), pain_word);
  for (std::size_t i = 0; i < t.size() && !found && pain_context; ++i) {
    if (!pain_word(t[i])) continue;
    // "pain 5", "pain is 4", "pain at a 3", "sore like a 6": the first number soon after.
    for (std::size_t j = i + 1; j < t.size() && j <= i + 5 && (t[j] == "," || !is_boundary(t[j]));
         ++j) {
      if (auto n = number_word(t[j]);
          n && (std::isdigit(static_cast<unsigned char>(t[j][0])) || t[j - 1] == "a" ||
                t[j - 1] == "is" || t[j - 1] == "at" || t[j - 1] == "un")) {
        take(*n);
        break;
      }
    }
    // "5 pain", "a 4 pain"
    if (!found && i > 0) {
      if (auto n = number_word(t[i - 1]);
          n && std::isdigit(static_cast<unsigned char>(t[i - 1][0])))
        take(*n);
    }
  }
  // "a five": with pain words elsewhere in the message, or as "it's a five" (the answer to
  // the pain question).
  for (std::size_t i = 0; i + 1 < t.size() && !found; ++i) {
    if ((t[i] == "a" || t[i] == "un") && number_word(t[i + 1]) &&
        !std::isdigit(static_cast<unsigned char>(t[i + 1][0]))) {
      const bool its = i > 0 && (t[i - 1] == "it's" || t[i - 1] == "its" || t[i - 1] == "es");
      if (pain_context || its) take(*number_word(t[i + 1]));
    }
  }
  return found;
}

std::string stem(std::string w) {
  if (w.size() > 3 && w.back() == 's') w.pop_back();
  return w;
}

// Words that name an exercise rather than a body part ("lift", "towel", "slide").
std::set<std::string> keywords(const std::vector<std::string>& names) {
  static const std::set<std::string> kGeneric = {
      "knee", "leg", "arm",  "back", "hip", "shoulder", "neck", "ankle", "foot",
      "your", "the", "with", "on",   "and", "a",        "up",   "down",  "of",
      "for",  "to",  "in",   "you",  "bed", "right",    "left", "one",   "easy"};
  std::set<std::string> out;
  for (const auto& name : names) {
    for (const auto& t : tokenize(name, nullptr)) {
      if (t.size() > 2 && !kGeneric.contains(t) && !is_boundary(t)) out.insert(stem(t));
    }
  }
  return out;
}

void find_exercises(const Tokens& t, const std::vector<std::vector<std::string>>& names,
                    ParsedCheckin& out) {
  static const std::map<std::string, int> kOrdinals = {{"first", 0}, {"second", 1}, {"third", 2},
                                                       {"1st", 0},   {"2nd", 1},    {"3rd", 2}};
  std::vector<std::pair<std::size_t, int>> mentions;  // token position, exercise index
  for (std::size_t e = 0; e < names.size(); ++e) {
    const auto words = keywords(names[e]);
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (words.contains(stem(t[i]))) {
        mentions.emplace_back(i, static_cast<int>(e));
        break;
      }
    }
  }
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if ((t[i] == "number" || t[i] == "exercise" || t[i] == "#") && number_word(t[i + 1])) {
      const int n = *number_word(t[i + 1]) - 1;
      if (n >= 0 && n < static_cast<int>(names.size())) mentions.emplace_back(i, n);
    }
    if (auto it = kOrdinals.find(t[i]);
        it != kOrdinals.end() && it->second < static_cast<int>(names.size())) {
      mentions.emplace_back(i, it->second);
    }
  }
  if (mentions.empty()) return;
  const bool all_but =
      contains(t, {"all", "but"}) || contains(t, {"except"}) || contains(t, {"menos"});
  static const std::set<std::string> kSkip = {"didn't",   "not",     "skipped", "skip",   "no",
                                              "couldn't", "without", "missed",  "except", "but"};
  std::set<int> skipped;
  std::set<int> done;
  for (const auto& [pos, index] : mentions) {
    bool skip = false;
    for (std::size_t k = pos; k > 0 && pos - k < 4; --k) {
      if (t[k - 1] == "," || t[k - 1] == ".") break;
      if (kSkip.contains(t[k - 1])) skip = true;
    }
    (skip ? skipped : done).insert(index);
  }
  if (all_but) {
    for (int e = 0; e < static_cast<int>(names.size()); ++e) {
      if (!skipped.contains(e)) done.insert(e);
    }
  }
  for (int e : done) {
    if (!skipped.contains(e)) out.exercises_done.push_back(e);
  }
  out.exercises_skipped.assign(skipped.begin(), skipped.end());
}

// Positions covered by any of the phrases.
std::vector<bool> covered_by(const Tokens& t, const std::vector<Tokens>& list) {
  std::vector<bool> covered(t.size(), false);
  for (const auto& phrase : list) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (matches_at(t, i, phrase))
        std::fill(covered.begin() + static_cast<std::ptrdiff_t>(i),
                  covered.begin() + static_cast<std::ptrdiff_t>(i + phrase.size()), true);
    }
  }
  return covered;
}

// A phrase found outside the positions already taken ("done" inside "not done" is not done).
bool found_outside(const Tokens& t, const std::vector<Tokens>& list,
                   const std::vector<bool>& taken) {
  for (const auto& phrase : list) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!matches_at(t, i, phrase)) continue;
      bool free = true;
      for (std::size_t k = i; k < i + phrase.size(); ++k)
        free &= !taken[k];
      if (free) return true;
    }
  }
  return false;
}

std::string find_status(const Tokens& t, const ParsedCheckin& parsed, std::size_t exercise_count) {
  const auto& p = phrases();
  const bool partial = contains_any(t, p.status.at("partial"));
  const std::vector<bool> skip_words = covered_by(t, p.status.at("skipped"));
  const bool skipped = std::find(skip_words.begin(), skip_words.end(), true) != skip_words.end() ||
                       (t.size() == 1 && (t[0] == "no" || t[0] == "nah"));
  const bool done = found_outside(t, p.status.at("done"), skip_words);
  const bool says_all =
      contains(t, {"all"}) || contains(t, {"everything"}) || contains(t, {"todos"});
  if (partial) return "partial";
  if (!parsed.exercises_skipped.empty() && (done || !parsed.exercises_done.empty()))
    return "partial";
  if (skipped && done) return "partial";
  if (skipped) return "skipped";
  // Naming only some of the exercises as done ("did the first one", "did the leg lifts only").
  if (!says_all && !parsed.exercises_done.empty() &&
      parsed.exercises_done.size() < exercise_count && (done || contains(t, {"only"}))) {
    return "partial";
  }
  if (done) return "done";
  if (!parsed.exercises_done.empty()) return "done";
  return "unclear";
}

bool only(const Tokens& t, const std::vector<Tokens>& words) {
  Tokens plain;
  for (const auto& w : t) {
    if (!is_boundary(w) || w == "and") plain.push_back(w);
  }
  return std::any_of(words.begin(), words.end(), [&](const Tokens& w) { return plain == w; });
}

}  // namespace

int tier_rank(std::string_view tier) {
  if (tier == "emergency") return 3;
  if (tier == "urgent") return 2;
  if (tier == "same_day") return 1;
  return 0;
}

ParsedCheckin parse_checkin(std::string_view message,
                            const std::vector<std::vector<std::string>>& exercise_names) {
  const auto& p = phrases();
  const Tokens tokens = tokenize(message, &p.spellings);
  ParsedCheckin out;
  out.opt_out = only(tokens, p.opt_out);
  out.help = !out.opt_out && only(tokens, p.help);
  find_flags(tokens, out);
  out.pain = find_pain(tokens);
  out.yesterday = contains(tokens, {"yesterday"}) || contains(tokens, {"ayer"}) ||
                  contains(tokens, {"last", "night"});
  find_exercises(tokens, exercise_names, out);
  if (!out.opt_out && !out.help) out.status = find_status(tokens, out, exercise_names.size());
  return out;
}

}  // namespace ptmcp::tools::checkins
