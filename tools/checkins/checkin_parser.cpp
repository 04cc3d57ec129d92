#include "tools/checkins/checkin_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/checkins/checkin_words.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;
using Phrase = std::vector<int>;  // lexicon word ids

enum class Kind { site, finding, sign, modifier, severe_pain };
enum class Review { never, with_site, always };
// ConText's values for a mention: what the words around it say about it.
enum class Context { affirmed, negated, resolved, hypothetical, other_person, historical, mild };

bool suppressed(Context c) {
  return c == Context::negated || c == Context::resolved || c == Context::other_person;
}

struct Concept {
  std::string name;
  Kind kind = Kind::finding;
  Review review = Review::never;
  bool asked = false;  // a question ("is that bad"): no negation or resolution settles it
};

struct Rule {
  std::string tier;  // emergency, urgent, same_day, or review (a person reads it; no tier)
  std::string label;
  std::vector<std::set<int>> all_of;  // one concept of each group, in one clause
  std::set<std::string> conditions;   // empty: every program
  bool severe_pain = false;           // the rule says severe pain in words
};

struct Cue {
  Phrase words;
  Context context;
  bool before;  // scope runs forward from the cue ("no swelling"), else backward ("is gone")
  bool outsider = false;  // someone who is not the patient ("my friend", "mi vecina")
};

// The lexicon, read once from data/clinical/checkin_lexicon.json.
struct Lexicon {
  std::vector<std::string> vocabulary;
  std::unordered_map<std::string, int> ids;
  std::unordered_map<std::string, int> squeezed;  // squeeze_runs(word) -> id
  std::unordered_set<std::string> known;          // never read as a typo of another word
  std::array<std::vector<int>, 26> typo_targets;  // words of 5+ letters by first letter
  std::unordered_map<std::string, int> stems;     // inflections: "hinch" -> "hinchada"
  std::unordered_set<int> concept_words;          // words that are a concept phrase alone
  std::unordered_set<int> in_concept_phrases;     // words of longer concept phrases
  std::unordered_set<std::string> guarded;        // guard words: never read as another word
  std::unordered_map<std::string, std::string> spellings;

  std::vector<Concept> concepts;
  std::unordered_map<std::string, int> concept_ids;
  struct ConceptPhrase {
    Phrase words;
    std::vector<int> concepts;  // empty: an ignored phrase ("fell asleep", "red band")
  };
  std::vector<ConceptPhrase> phrases;
  std::unordered_map<int, std::vector<std::size_t>> phrases_by_first;
  std::vector<Rule> rules;
  std::vector<Cue> cues;
  std::unordered_map<int, std::vector<std::size_t>> cues_by_first;
  std::set<int> terminators, scope_breaks, other_person_ends, reporting, softened;
  std::set<std::string> resolution_leads;  // "but it's gone now": "it's" and "now" may lead
  std::set<std::string> ability_words;     // "ya no (la) puedo": can no longer, not gone
  std::set<std::string> ability_clitics;   // the short word that may come first: "la"
  std::set<Phrase> complete;               // "gone", "se me quitó": a sign over, not easing
  std::vector<Phrase> proxies;   // "this is his daughter": someone writing for the patient
  std::vector<Phrase> dictated;  // "mom's texting for me": the patient's words, typed by another
  std::vector<Phrase> not_the_patient;  // "my dad (not the patient)"
  std::set<int> third_person;           // "she did 2 of her 3": a status told of someone else
  std::set<int> object_pronouns;        // "called me": the writer, but not as the one it is about
  std::set<int> object_words;           // "with me", "from my group": the writer named as an object
  std::set<int> direction_words;        // "going down into the calf" moves, it does not resolve
  std::set<std::string> places;         // "going down the porch steps" moves too
  std::set<std::string> intensifiers;   // "esta bien frio": very cold, not fine
  std::set<std::string> onset_words;    // "empezo ... hace una hora": when a sign began
  std::set<std::string> phrase_fillers;  // "really", "muy": may stand between a phrase's words
  std::size_t scope = 5;
  bool question_mark = true;
  double fever_f = 100.4;
  double fever_c = 38.0;
  double normal_f = 99.5;  // under these a temperature is a normal reading, not a low fever
  double normal_c = 37.5;
  std::vector<std::vector<std::string>> halves;  // "37 y medio": 37.5
  int fever = -1;
  int medicine = -1;
  int pain_review_at = 8;
  std::set<int> pain_sites;  // body sites a score may follow: "knee 6"

  std::set<std::string> pain_words, units, counters, fillers, question_starts;
  std::map<std::string, std::vector<Phrase>> status;
  std::vector<std::vector<std::string>> opt_out, help;
  std::vector<Phrase> yesterday, reason_markers, reasons;

  int intern(const std::string& word) {
    auto [it, added] = ids.try_emplace(word, static_cast<int>(vocabulary.size()));
    if (added) vocabulary.push_back(word);
    return it->second;
  }
  Phrase phrase(std::string_view text) {
    Phrase out;
    for (const auto& w : split_words(text)) {
      if (!is_clause_mark(w.text)) out.push_back(intern(w.text));
    }
    return out;
  }
  std::vector<Phrase> phrases_of(const Json& list) {
    std::vector<Phrase> out;
    for (const auto& item : list)
      out.push_back(phrase(item.get<std::string>()));
    return out;
  }
};

// English and Spanish inflections cut off, so "hinchó", "hinchadas" and "hinchada" or
// "swelled" and "swells" meet: the longest ending that leaves four letters.
std::string stem_of(const std::string& w) {
  static const std::array<std::string_view, 27> kEndings = {
      "ieron", "iendo", "aron", "ando", "ados", "adas", "idos", "idas", "ing",
      "ado",   "ada",   "ido",  "ida",  "ies",  "io",   "ed",   "es",   "ar",
      "er",    "ir",    "an",   "en",   "ly",   "s",    "o",    "a",    "e"};
  for (std::string_view ending : kEndings) {
    if (w.size() >= ending.size() + 4 && w.ends_with(ending))
      return w.substr(0, w.size() - ending.size());
  }
  return w;
}

std::vector<std::string> texts(std::string_view phrase) {
  std::vector<std::string> out;
  for (const auto& w : split_words(phrase))
    out.push_back(w.text);
  return out;
}

Lexicon load() {
  Lexicon lex;
  const Json data = Json::parse(server::require_asset("data/clinical/checkin_lexicon.json"));
  for (const auto& [from, to] : data["spellings"].items())
    lex.spellings[from] = to.get<std::string>();

  std::map<Phrase, std::vector<int>> concept_phrases;
  for (const auto& [id, c] : data["concepts"].items()) {
    static const std::map<std::string, Kind> kKinds = {{"site", Kind::site},
                                                       {"finding", Kind::finding},
                                                       {"sign", Kind::sign},
                                                       {"modifier", Kind::modifier},
                                                       {"pain_severe", Kind::severe_pain}};
    static const std::map<std::string, Review> kReview = {
        {"never", Review::never}, {"with_site", Review::with_site}, {"always", Review::always}};
    const int index = static_cast<int>(lex.concepts.size());
    lex.concepts.push_back({c["name"], kKinds.at(c["kind"]), kReview.at(c.value("review", "never")),
                            c.value("asked", false)});
    lex.concept_ids[id] = index;
    for (const auto& w : c["words"]) {
      auto& list = concept_phrases[lex.phrase(w.get<std::string>())];
      if (std::find(list.begin(), list.end(), index) == list.end()) list.push_back(index);
    }
  }
  for (const auto& w : data["ignore"])
    concept_phrases.try_emplace(lex.phrase(w.get<std::string>()));
  for (auto& [words, concepts] : concept_phrases) {
    if (words.empty()) continue;
    lex.phrases.push_back({words, concepts});
    const std::string& word = lex.vocabulary[static_cast<std::size_t>(words[0])];
    if (words.size() == 1 && !concepts.empty()) lex.concept_words.insert(words[0]);
    if (words.size() > 1 && !concepts.empty())
      lex.in_concept_phrases.insert(words.begin(), words.end());
    if (words.size() == 1 && !concepts.empty() && word.size() >= 5)
      lex.stems.try_emplace(stem_of(word), words[0]);
  }
  // Longest first, so "no puedo respirar" is one sign, not "no puedo" and "respirar".
  std::stable_sort(lex.phrases.begin(), lex.phrases.end(),
                   [](const auto& a, const auto& b) { return a.words.size() > b.words.size(); });
  for (std::size_t i = 0; i < lex.phrases.size(); ++i)
    lex.phrases_by_first[lex.phrases[i].words[0]].push_back(i);
  lex.fever = lex.concept_ids.at("fever");
  lex.medicine = lex.concept_ids.at("medicine");

  for (const auto& r : data["rules"]) {
    Rule rule{r["tier"], r["label"], {}, {}, r.value("severe_pain", false)};
    for (const auto& group : r["all_of"]) {
      std::set<int> concepts;
      for (const auto& id : group)
        concepts.insert(lex.concept_ids.at(id.get<std::string>()));
      rule.all_of.push_back(concepts);
    }
    for (const auto& c : r.value("conditions", Json::array()))
      rule.conditions.insert(c.get<std::string>());
    lex.rules.push_back(rule);
  }

  const Json& context = data["context"];
  lex.scope = context["scope_words"];
  for (const auto& w : context["terminators"])
    lex.terminators.insert(lex.intern(w));
  for (const auto& w : context["scope_breaks"])
    lex.scope_breaks.insert(lex.intern(w));
  for (const auto& w : context["other_person"]["ends_at"])
    lex.other_person_ends.insert(lex.intern(w));
  for (const auto& w : context["other_person"].value("reporting", Json::array()))
    lex.reporting.insert(lex.intern(w));
  const Json& other = context["other_person"];
  lex.proxies = lex.phrases_of(other.value("proxy", Json::array()));
  lex.dictated = lex.phrases_of(other["dictated"]);
  lex.not_the_patient = lex.phrases_of(other["not_the_patient"]);
  // "I'm his daughter", "soy la esposa", "caregiver here": an introduction, an optional
  // determiner and a relation, each list kept short in the data.
  const Json& intro = other["proxy_intro"];
  for (const auto& rel : intro["relations"]) {
    const std::string relation = rel;
    for (const auto& suffix : intro["suffixes"])
      lex.proxies.push_back(lex.phrase(relation + " " + suffix.get<std::string>()));
    for (const auto& opener : intro["openers"]) {
      const std::string o = opener;
      lex.proxies.push_back(lex.phrase(o + " " + relation));
      for (const auto& det : intro["determiners"])
        lex.proxies.push_back(lex.phrase(o + " " + det.get<std::string>() + " " + relation));
    }
  }
  for (const auto& w : other["third_person"])
    lex.third_person.insert(lex.intern(w));
  for (const auto& w : other["object_pronouns"])
    lex.object_pronouns.insert(lex.intern(w));
  for (const auto& w : other["object_words"])
    lex.object_words.insert(lex.intern(w));
  for (const auto& w : context["fillers"])
    lex.phrase_fillers.insert(w.get<std::string>());
  for (const auto& w : context["resolution"].value("complete", Json::array()))
    lex.complete.insert(lex.phrase(w.get<std::string>()));
  for (const auto& w : context["resolution"].value("ability_words", Json::array()))
    lex.ability_words.insert(w.get<std::string>());
  for (const auto& w : context["resolution"].value("ability_clitics", Json::array()))
    lex.ability_clitics.insert(w.get<std::string>());
  for (const auto& w : context["resolution"].value("leads", Json::array())) {
    std::string words = w.get<std::string>();
    std::erase(words, '\'');
    std::size_t start = 0;
    while (start < words.size()) {
      const std::size_t space = words.find(' ', start);
      lex.resolution_leads.insert(words.substr(start, space - start));
      start = space == std::string::npos ? words.size() : space + 1;
    }
  }
  for (const auto& w : context["resolution"]["direction_words"])
    lex.direction_words.insert(lex.intern(w));
  for (const auto& w : context["resolution"].value("places", Json::array()))
    lex.places.insert(w.get<std::string>());
  for (const auto& w : context["resolution"].value("intensifiers", Json::array()))
    lex.intensifiers.insert(w.get<std::string>());
  for (const auto& w : context.value("onset_words", Json::array()))
    lex.onset_words.insert(w.get<std::string>());
  for (const auto& id : context["mild"]["softens"])
    lex.softened.insert(lex.concept_ids.at(id.get<std::string>()));
  lex.question_mark = context["hypothetical"].value("question_mark", true);
  for (const auto& w : context["hypothetical"].value("question_starts", Json::array()))
    lex.question_starts.insert(w.get<std::string>());
  const std::vector<std::pair<std::string, Context>> kCues = {
      {"negation", Context::negated},          {"resolution", Context::resolved},
      {"hypothetical", Context::hypothetical}, {"other_person", Context::other_person},
      {"historical", Context::historical},     {"mild", Context::mild}};
  for (const auto& [key, value] : kCues) {
    for (const char* side : {"before", "after"}) {
      for (const auto& w : context[key].value(side, Json::array()))
        lex.cues.push_back({lex.phrase(w.get<std::string>()), value, side[0] == 'b'});
    }
  }
  for (const auto& w : context["other_person"]["outsiders"])
    lex.cues.push_back({lex.phrase(w.get<std::string>()), Context::other_person, true, true});
  std::stable_sort(lex.cues.begin(), lex.cues.end(),
                   [](const auto& a, const auto& b) { return a.words.size() > b.words.size(); });
  for (std::size_t i = 0; i < lex.cues.size(); ++i)
    lex.cues_by_first[lex.cues[i].words[0]].push_back(i);

  lex.fever_f = data["fever"]["fahrenheit"];
  lex.fever_c = data["fever"]["celsius"];
  lex.normal_f = data["fever"]["normal_below"]["fahrenheit"];
  lex.normal_c = data["fever"]["normal_below"]["celsius"];
  for (const auto& h : data["fever"].value("halves", Json::array()))
    lex.halves.push_back(texts(h.get<std::string>()));
  auto words_of = [](const Json& list) {
    std::set<std::string> out;
    for (const auto& w : list) {
      for (const auto& t : texts(w.get<std::string>()))
        out.insert(t);
    }
    return out;
  };
  lex.pain_words = words_of(data["pain"]["words"]);
  lex.pain_review_at = data["pain"]["review_at"];
  for (const auto& id : data["pain"]["anchor_sites"])
    lex.pain_sites.insert(lex.concept_ids.at(id.get<std::string>()));
  lex.units = words_of(data["pain"]["units"]);
  lex.counters = words_of(data["pain"]["counters"]);
  lex.fillers = words_of(data["pain"]["fillers"]);
  for (const auto& [status, list] : data["status"].items())
    lex.status[status] = lex.phrases_of(list);
  for (const auto& w : data["opt_out"])
    lex.opt_out.push_back(texts(w.get<std::string>()));
  for (const auto& w : data["help"])
    lex.help.push_back(texts(w.get<std::string>()));
  lex.yesterday = lex.phrases_of(data["yesterday"]);
  lex.reason_markers = lex.phrases_of(data["skip_reasons"]["markers"]);
  lex.reasons = lex.phrases_of(data["skip_reasons"]["reasons"]);
  for (const auto& w : data["pain"]["words"])
    lex.phrase(w.get<std::string>());

  for (const auto& w : lex.vocabulary)
    lex.known.insert(w);
  for (const auto& w : data["guard_words"])
    lex.guarded.insert(w.get<std::string>());
  // Dictionary words one or two letters from a lexicon word ("while", "leaving", "tener"),
  // generated by scripts/make_checkin_guard_words.py.
  const Json dictionary =
      Json::parse(server::require_asset("data/clinical/checkin_guard_words.json"));
  for (const auto& w : dictionary["words"])
    lex.guarded.insert(w.get<std::string>());
  lex.known.insert(lex.guarded.begin(), lex.guarded.end());
  for (std::size_t id = 0; id < lex.vocabulary.size(); ++id) {
    const std::string& w = lex.vocabulary[id];
    lex.squeezed.try_emplace(squeeze_runs(w), static_cast<int>(id));
    if (w.size() >= 5 && w[0] >= 'a' && w[0] <= 'z' &&
        std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isalpha(c); }))
      lex.typo_targets[static_cast<std::size_t>(w[0] - 'a')].push_back(static_cast<int>(id));
  }
  return lex;
}

const Lexicon& lexicon() {
  static const Lexicon lex = load();
  return lex;
}

// One word of the message with the lexicon words it may stand for.
struct Token {
  std::string text;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<int> ids;
  bool mark = false;  // a clause mark: , . ! ? ; :
};

std::vector<int> lexicon_ids(const Lexicon& lex, const Word& w) {
  if (auto it = lex.ids.find(w.text); it != lex.ids.end()) {
    // A word known only inside longer concept phrases ("hincho" of "se hincho") may still be
    // an inflection of a concept word of its own ("hincho la pierna"); words of status and
    // context phrases ("crushed" of "crushed it") are not.
    std::vector<int> ids = {it->second};
    if (w.text.size() >= 5 && lex.in_concept_phrases.contains(it->second) &&
        !lex.concept_words.contains(it->second) && !lex.guarded.contains(w.text)) {
      if (auto s = lex.stems.find(stem_of(w.text)); s != lex.stems.end() && s->second != it->second)
        ids.push_back(s->second);
    }
    return ids;
  }
  if (w.stretched) {
    if (auto it = lex.squeezed.find(squeeze_runs(w.text)); it != lex.squeezed.end())
      return {it->second};
  }
  const unsigned char first = static_cast<unsigned char>(w.text[0]);
  if (w.text.size() < 5 || lex.known.contains(w.text) || first < 'a' || first > 'z') return {};
  if (auto it = lex.stems.find(stem_of(w.text)); it != lex.stems.end()) return {it->second};
  std::vector<int> best;
  std::size_t best_distance = 3;
  for (int id : lex.typo_targets[first - 'a']) {
    const std::string& target = lex.vocabulary[static_cast<std::size_t>(id)];
    const std::size_t allowed = typos_allowed(w.text, target);
    if (allowed == 0) continue;
    const std::size_t d = typo_distance(w.text, target, allowed);
    if (d > allowed || d > best_distance) continue;
    if (d < best_distance) best.clear();
    best_distance = d;
    best.push_back(id);
  }
  return best;
}

std::vector<Token> read_tokens(const Lexicon& lex, std::string_view message) {
  std::vector<Token> tokens;
  for (auto& w : split_words(message)) {
    if (auto it = lex.spellings.find(w.text); it != lex.spellings.end()) {
      for (auto& part : split_words(it->second)) {
        Word spelled{part.text, w.begin, w.end, false};
        tokens.push_back({spelled.text, w.begin, w.end, lexicon_ids(lex, spelled), false});
      }
      continue;
    }
    const bool mark = is_clause_mark(w.text);
    tokens.push_back(
        {w.text, w.begin, w.end, mark ? std::vector<int>{} : lexicon_ids(lex, w), mark});
  }
  return tokens;
}

bool has_id(const Token& t, int id) {
  return std::find(t.ids.begin(), t.ids.end(), id) != t.ids.end();
}

bool matches_at(const std::vector<Token>& t, std::size_t at, const Phrase& p) {
  if (p.empty() || at + p.size() > t.size()) return false;
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (!has_id(t[at + k], p[k])) return false;
  }
  return true;
}

bool contains(const std::vector<Token>& t, const Phrase& p) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (matches_at(t, i, p)) return true;
  }
  return false;
}

bool contains_any(const std::vector<Token>& t, const std::vector<Phrase>& list) {
  return std::any_of(list.begin(), list.end(), [&](const Phrase& p) { return contains(t, p); });
}

// The positions a phrase of the list takes.
std::vector<bool> covered_by(const std::vector<Token>& t, const std::vector<Phrase>& list) {
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

// A concept found in the message: where, and what its context says about it.
struct Mention {
  std::vector<int> concepts;
  std::size_t begin = 0;  // token positions [begin, end)
  std::size_t end = 0;
  std::size_t clause = 0;
  Context context = Context::affirmed;
  bool used = false;      // part of a rule that fired or was asked about
  bool outsider = false;  // told of someone who is not the patient
  bool writer = false;    // the writer's own, when they write for the patient
};

struct Reading {
  std::vector<Token> tokens;
  std::vector<std::size_t> clause;  // clause number of each token
  std::vector<bool> boundary;       // a clause mark or a terminator ("but")
  std::vector<Mention> mentions;
  std::vector<bool> in_mention;
  std::vector<bool> aside;  // words saying someone is not the patient ("not the patient")
};

void split_clauses(const Lexicon& lex, Reading& r) {
  std::size_t clause = 0;
  r.clause.resize(r.tokens.size());
  r.boundary.resize(r.tokens.size());
  // Words set off to say who is not the patient ("my dad, not the patient, is slurring")
  // stand inside the clause of the person they name: the commas around them end nothing.
  r.aside = covered_by(r.tokens, lex.not_the_patient);
  const std::vector<bool>& aside = r.aside;
  auto beside_aside = [&](std::size_t i) {
    return (i > 0 && aside[i - 1]) || (i + 1 < aside.size() && aside[i + 1]);
  };
  for (std::size_t i = 0; i < r.tokens.size(); ++i) {
    const Token& t = r.tokens[i];
    const bool ends = (t.mark && !(t.text == "," && beside_aside(i))) ||
                      std::any_of(t.ids.begin(), t.ids.end(),
                                  [&](int id) { return lex.terminators.contains(id); });
    if (ends) ++clause;
    r.boundary[i] = ends;
    r.clause[i] = clause;
    if (ends) ++clause;
  }
}

// Where a phrase found at `at` ends when a filler may stand between its words ("can't really
// feel", "no siento bien las piernas"), at most one between each pair; 0 when it is not there.
std::size_t end_with_fillers(const Lexicon& lex, const std::vector<Token>& t, std::size_t at,
                             const Phrase& p) {
  if (p.size() < 2 || !has_id(t[at], p[0])) return 0;
  std::size_t k = at + 1;
  for (std::size_t w = 1; w < p.size(); ++w) {
    if (k < t.size() && has_id(t[k], p[w])) {
      ++k;
      continue;
    }
    const bool filler = k + 1 < t.size() && lex.phrase_fillers.contains(t[k].text);
    if (!filler || !has_id(t[k + 1], p[w])) return 0;
    k += 2;
  }
  return k;
}

void find_mentions(const Lexicon& lex, Reading& r) {
  const auto& t = r.tokens;
  r.in_mention.assign(t.size(), false);
  for (std::size_t i = 0; i < t.size();) {
    // The longest phrase found here, word for word or with a filler between its words
    // ("cant really feel" over "cant").
    const Lexicon::ConceptPhrase* best = nullptr;
    std::size_t end = 0;
    for (int id : t[i].ids) {
      auto it = lex.phrases_by_first.find(id);
      if (it == lex.phrases_by_first.end()) continue;
      for (std::size_t p : it->second) {
        const auto& candidate = lex.phrases[p];
        if (best && candidate.words.size() <= best->words.size()) break;
        const std::size_t e = matches_at(t, i, candidate.words)
                                  ? i + candidate.words.size()
                                  : end_with_fillers(lex, t, i, candidate.words);
        if (e != 0) {
          best = &candidate;
          end = e;
          break;
        }
      }
    }
    if (!best) {
      ++i;
      continue;
    }
    // Ignored phrases that overlap join: "blue band" and "band snapped" leave nothing of "my
    // blue band snapped" to read as an injury.
    for (std::size_t k = i + 1; best->concepts.empty() && k < end; ++k) {
      for (int id : t[k].ids) {
        auto it = lex.phrases_by_first.find(id);
        if (it == lex.phrases_by_first.end()) continue;
        for (std::size_t p : it->second) {
          const auto& other = lex.phrases[p];
          if (other.concepts.empty() && k + other.words.size() > end &&
              matches_at(t, k, other.words))
            end = k + other.words.size();
        }
      }
    }
    std::fill(r.in_mention.begin() + static_cast<std::ptrdiff_t>(i),
              r.in_mention.begin() + static_cast<std::ptrdiff_t>(end), true);
    if (!best->concepts.empty())
      r.mentions.push_back({best->concepts, i, end, r.clause[i], Context::affirmed, false});
    i = end;
  }
}

bool breaks_scope(const Lexicon& lex, const Token& t, Context cue) {
  return std::any_of(t.ids.begin(), t.ids.end(), [&](int id) {
    return lex.scope_breaks.contains(id) ||
           (cue == Context::other_person && lex.other_person_ends.contains(id));
  });
}

// Whether the word brings the writer back as the one it is about: "my mom slipped, I'm fine"
// does, "my mom who lives with me slipped" does not.
bool ends_other_person(const Lexicon& lex, const std::vector<Token>& t, std::size_t k) {
  auto in = [&](const std::set<int>& set, std::size_t at) {
    return std::any_of(t[at].ids.begin(), t[at].ids.end(),
                       [&](int id) { return set.contains(id); });
  };
  return in(lex.other_person_ends, k) && !(k > 0 && in(lex.object_words, k - 1));
}

int context_rank(Context c) {
  switch (c) {
    case Context::negated:
    case Context::resolved:
    case Context::other_person:
      return 3;
    case Context::hypothetical:
      return 2;
    case Context::historical:
    case Context::mild:
      return 1;
    case Context::affirmed:
      break;
  }
  return 0;
}

void apply(Mention& m, Context c) {
  // What is denied or gone outranks whose it is: "mi mamá no tiene la boca torcida" raises
  // nothing, not even a person's read.
  const bool settles = c == Context::negated || c == Context::resolved;
  if (context_rank(c) > context_rank(m.context) || (settles && m.context == Context::other_person))
    m.context = c;
}

// Whether the word at `i` is the writer speaking of themselves: a first-person word, not an
// object ("called me"), that does not open a cue naming someone else ("my husband", "mi
// mamá", by the cue index).
bool writer_at(const Lexicon& lex, const std::vector<Token>& t, std::size_t i) {
  const bool first_person = std::any_of(t[i].ids.begin(), t[i].ids.end(), [&](int id) {
    return lex.other_person_ends.contains(id) && !lex.object_pronouns.contains(id);
  });
  if (!first_person) return false;
  for (int id : t[i].ids) {
    auto it = lex.cues_by_first.find(id);
    if (it == lex.cues_by_first.end()) continue;
    const bool names_someone =
        std::any_of(it->second.begin(), it->second.end(), [&](std::size_t c) {
          const Cue& cue = lex.cues[c];
          return cue.context == Context::other_person && cue.words.size() > 1 &&
                 matches_at(t, i, cue.words);
        });
    if (names_someone) return false;
  }
  return true;
}

// Each cue reaches up to `scope` words forward (or backward), never past a clause boundary,
// "but", "and", or (for someone else) a word that brings the patient back ("my husband fell,
// I'm fine" / "my wife says my calf looks swollen").
void read_context(const Lexicon& lex, Reading& r) {
  const auto& t = r.tokens;
  // The words that say someone is not the patient are no cue of their own: the "not" of
  // "not the patient" negates no sign.
  std::vector<bool> in_cue = r.aside;
  bool proxy = false;
  for (const auto& p : lex.proxies)
    proxy |= contains(t, p);
  const bool dictated = contains_any(t, lex.dictated);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (r.in_mention[i] || in_cue[i]) continue;
    const Cue* found = nullptr;
    for (int id : t[i].ids) {
      auto it = lex.cues_by_first.find(id);
      if (it == lex.cues_by_first.end()) continue;
      for (std::size_t c : it->second) {
        const Cue& cue = lex.cues[c];
        if (found && cue.words.size() <= found->words.size()) break;
        bool free = i + cue.words.size() <= t.size();
        for (std::size_t k = i; free && k < i + cue.words.size(); ++k)
          free = !r.in_mention[k];
        if (free && matches_at(t, i, cue.words)) {
          found = &cue;
          break;
        }
      }
    }
    if (!found) continue;
    const std::size_t end = i + found->words.size();
    // "pain going down into the calf" tells where it goes, not that it eases.
    if (found->context == Context::resolved && !found->before && end < t.size() &&
        std::any_of(t[end].ids.begin(), t[end].ids.end(),
                    [&](int id) { return lex.direction_words.contains(id); }))
      continue;
    // "almost fell going down the porch steps": a way of moving, not an easing.
    if (found->context == Context::resolved && !found->before &&
        ((end < t.size() && lex.places.contains(t[end].text)) ||
         (end + 1 < t.size() && lex.places.contains(t[end + 1].text))))
      continue;
    // "el pie esta bien frio": a reassurance's last word right before a sign means "very".
    if ((found->context == Context::negated || found->context == Context::resolved) &&
        !found->before && lex.intensifiers.contains(t[end - 1].text) &&
        std::any_of(r.mentions.begin(), r.mentions.end(),
                    [end](const Mention& m) { return m.begin == end; }))
      continue;
    // "ya no la puedo doblar": the knee can no longer bend; nothing is gone.
    if (found->context == Context::resolved && found->before && end < t.size()) {
      const std::size_t verb =
          lex.ability_clitics.contains(t[end].text) && end + 1 < t.size() ? end + 1 : end;
      if (lex.ability_words.contains(t[verb].text)) continue;
    }
    std::fill(in_cue.begin() + static_cast<std::ptrdiff_t>(i),
              in_cue.begin() + static_cast<std::ptrdiff_t>(end), true);
    // A phrase may be a cue both ways ("last month": "had a fever last month", "last month
    // I had a fever"): each applies.
    for (const Cue& cue : lex.cues) {
      if (cue.words != found->words) continue;
      if (cue.context == Context::other_person) {
        // "my wife says my face looks droopy" reports on the patient; so does a relative
        // writing for the patient ("this is his daughter").
        if (proxy || dictated ||
            (end < t.size() && std::any_of(t[end].ids.begin(), t[end].ids.end(),
                                           [&](int id) { return lex.reporting.contains(id); })))
          continue;
      }
      // A reassurance that opens a clause reaches back over the clause before it: "ankle puffy
      // at night but better", "numb feeling in my butt from the bench, gone after I got up".
      std::size_t start = i;
      while (start > 0 && !r.boundary[start - 1])
        --start;
      // A few leading words may come first: "but it's gone now", "pero ya se me quitó".
      const bool led = std::all_of(t.begin() + static_cast<std::ptrdiff_t>(start),
                                   t.begin() + static_cast<std::ptrdiff_t>(i), [&](const Token& w) {
                                     return lex.resolution_leads.contains(w.text);
                                   });
      const bool opens_clause = !cue.before && start >= 2 &&
                                (i == start || (cue.context == Context::resolved && led &&
                                                lex.complete.contains(cue.words)));
      for (auto& m : r.mentions) {
        // The words before a question are what it asks about: "slept without the sling, is
        // that bad" asks, whatever "without" says.
        if ((cue.context == Context::negated || cue.context == Context::resolved) &&
            std::all_of(m.concepts.begin(), m.concepts.end(),
                        [&](int id) { return lex.concepts[static_cast<std::size_t>(id)].asked; }))
          continue;
        if (cue.context == Context::mild &&
            !std::any_of(m.concepts.begin(), m.concepts.end(),
                         [&](int id) { return lex.softened.contains(id); }))
          continue;
        if (opens_clause && m.clause + 2 == r.clause[i]) {
          apply(m, cue.context);
          continue;
        }
        if (m.clause != r.clause[i]) continue;
        std::size_t from = 0;
        std::size_t to = 0;
        if (cue.before && m.begin >= end) {
          from = end;
          to = m.begin;
        } else if (!cue.before && m.end <= i) {
          from = m.end;
          to = i;
        } else {
          continue;
        }
        // Someone else's words reach the whole clause; the others a few words (a resolution
        // told far after its finding would otherwise settle a sign it is not about: "swollen
        // calf that hurts to walk on my knee is better").
        if (cue.context != Context::other_person && to - from >= lex.scope) continue;
        // A reassurance after a body site is about that site, not a sign before it: "cant get
        // enough air in 😰 legs are ok" leaves the breathing as told.
        if (!cue.before && (cue.context == Context::negated || cue.context == Context::resolved)) {
          auto all_signs = [&](const Mention& x) {
            return std::all_of(x.concepts.begin(), x.concepts.end(), [&](int id) {
              return lex.concepts[static_cast<std::size_t>(id)].kind == Kind::sign;
            });
          };
          const bool site_between =
              std::any_of(r.mentions.begin(), r.mentions.end(), [&](const Mention& o) {
                return &o != &m && o.begin >= m.end && o.end <= i &&
                       std::any_of(o.concepts.begin(), o.concepts.end(), [&](int id) {
                         return lex.concepts[static_cast<std::size_t>(id)].kind == Kind::site;
                       });
              });
          if (all_signs(m) && site_between) continue;
        }
        bool open = true;
        for (std::size_t k = from; k < to && open; ++k) {
          if (cue.context == Context::other_person)
            open = !r.boundary[k] && (!ends_other_person(lex, t, k));
          else
            open = !r.boundary[k] && !breaks_scope(lex, t[k], cue.context);
        }
        if (open) {
          apply(m, cue.context);
          m.outsider |= cue.outsider && m.context == Context::other_person;
        }
      }
    }
  }
  // "my dad (not the patient)", "ella no es paciente de ustedes": no one named is the patient.
  // A clause after it in the same sentence that names no one goes on about the same person
  // ("mi papa (no es paciente) no puede hablar bien, arrastra las palabras").
  if (std::find(r.aside.begin(), r.aside.end(), true) != r.aside.end()) {
    std::vector<std::size_t> sentence(t.size(), 0);
    for (std::size_t k = 1; k < t.size(); ++k) {
      const std::string& before = t[k - 1].text;
      sentence[k] = sentence[k - 1] + (before == "." || before == "!" || before == "?" ? 1 : 0);
    }
    auto writer_in_clause = [&](std::size_t clause) {
      for (std::size_t k = 0; k < t.size(); ++k) {
        if (r.clause[k] == clause && writer_at(lex, t, k)) return true;
      }
      return false;
    };
    for (auto& m : r.mentions)
      m.outsider |= m.context == Context::other_person;
    for (auto& m : r.mentions) {
      if (m.context != Context::affirmed || writer_in_clause(m.clause)) continue;
      const bool goes_on = std::any_of(r.mentions.begin(), r.mentions.end(), [&](const Mention& o) {
        return o.outsider && o.clause < m.clause && sentence[o.begin] == sentence[m.begin];
      });
      if (goes_on) {
        m.context = Context::other_person;
        m.outsider = true;
      }
    }
  }
  // Someone writing for the patient who tells of their own sign ("I'm the daughter. my own
  // calf is swollen", "soy el hijo, yo ando con hormigueo") tells of someone else: a clause
  // where the writer speaks of themselves and names no one in the third person.
  if (proxy && !dictated) {
    const std::vector<bool> introduction = covered_by(t, lex.proxies);  // "I'm her son"
    for (auto& m : r.mentions) {
      if (m.context != Context::affirmed) continue;
      bool writer = false;
      bool third = false;
      for (std::size_t k = 0; k < t.size(); ++k) {
        if (r.clause[k] != m.clause || introduction[k]) continue;
        writer |= writer_at(lex, t, k);
        third |= std::any_of(t[k].ids.begin(), t[k].ids.end(),
                             [&](int id) { return lex.third_person.contains(id); });
      }
      if (writer && !third) {
        m.context = Context::other_person;
        m.outsider = m.writer = true;
      }
    }
  }
  // A question about a finding ("is it normal for my calf to swell?", "what are the stroke
  // signs, slurred speech right?") is asked, not told: a sentence ending in "?" that opens
  // with a question word.
  if (!lex.question_mark) return;
  std::size_t sentence_start = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool ends = t[i].text == "." || t[i].text == "!" || t[i].text == "?";
    if (!ends) continue;
    const bool question =
        t[i].text == "?" && sentence_start < i &&
        (lex.question_starts.empty() || lex.question_starts.contains(t[sentence_start].text));
    if (question) {
      for (auto& m : r.mentions) {
        if (m.begin >= sentence_start && m.end <= i) m.context = Context::hypothetical;
      }
    }
    sentence_start = i + 1;
  }
}

std::optional<double> number_in(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) || text.size() > 6)
    return std::nullopt;
  if (!std::all_of(text.begin(), text.end(),
                   [](unsigned char c) { return std::isdigit(c) || c == '.'; }))
    return std::nullopt;
  if (std::count(text.begin(), text.end(), '.') > 1) return std::nullopt;
  return std::stod(text);
}

enum class Temperature { normal, low_fever, fever };

// What a temperature says: in °F from 93, in °C from 34 (numbers in between are neither and
// are left alone). Under the normal line it is a reading, not a fever ("temp 36.7").
std::optional<Temperature> fever_reading(const Lexicon& lex, double value) {
  auto band = [](double v, double normal, double fever) {
    return v >= fever    ? Temperature::fever
           : v >= normal ? Temperature::low_fever
                         : Temperature::normal;
  };
  if (value >= 93 && value < 110) return band(value, lex.normal_f, lex.fever_f);
  if (value >= 34 && value < 43) return band(value, lex.normal_c, lex.fever_c);
  return std::nullopt;
}

// A fever word with a temperature under the threshold says "no fever" ("temp 99.1"); a
// temperature over it with a degree word is a fever even without the word ("101 degrees").
void read_temperatures(const Lexicon& lex, Reading& r) {
  const auto& t = r.tokens;
  // Whether the message speaks of a fever anywhere, before any reading is added below.
  const bool fever_told = std::any_of(r.mentions.begin(), r.mentions.end(), [&](const Mention& m) {
    return std::find(m.concepts.begin(), m.concepts.end(), lex.fever) != m.concepts.end();
  });
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto value = number_in(t[i].text);
    if (!value) continue;
    // "37 y medio", "99 and a half": the half is the reading's decimal.
    for (const auto& half : lex.halves) {
      if (i + half.size() < t.size() &&
          std::equal(half.begin(), half.end(), t.begin() + static_cast<std::ptrdiff_t>(i + 1),
                     [](const std::string& w, const Token& k) { return w == k.text; })) {
        *value += 0.5;
        break;
      }
    }
    auto reading = fever_reading(lex, *value);
    if (!reading) continue;
    const bool fever = *reading == Temperature::fever;
    bool has_word = false;
    for (auto& m : r.mentions) {
      // The reading belongs to a fever word in its clause, or one a few words off across a
      // comma ("took my temp, 98.6").
      const std::size_t gap = i >= m.end ? i - m.end : m.begin > i ? m.begin - i : 0;
      if ((m.clause != r.clause[i] && gap > 2) ||
          std::find(m.concepts.begin(), m.concepts.end(), lex.fever) == m.concepts.end())
        continue;
      has_word = true;
      if (fever) continue;
      // A low fever goes to a person, unless the patient says there is no fever; a normal
      // reading is no fever.
      const bool denied =
          *reading == Temperature::normal ||
          std::any_of(r.mentions.begin(), r.mentions.end(), [&](const Mention& o) {
            return suppressed(o.context) &&
                   std::find(o.concepts.begin(), o.concepts.end(), lex.fever) != o.concepts.end();
          });
      apply(m, denied ? Context::negated : Context::mild);
    }
    const bool degrees = i + 1 < t.size() && (t[i + 1].text == "degrees" || t[i + 1].text == "f" ||
                                              t[i + 1].text == "c" || t[i + 1].text == "grados");
    if (fever && !has_word && degrees)
      r.mentions.push_back({{lex.fever}, i, i + 2, r.clause[i], Context::affirmed, false});
    // A reading with its decimal and nothing after it that makes it a count or a weight
    // ("38.6 this morning", "100.9"), in a message that speaks of no fever anywhere (where it
    // does, the fever word's own reading above decides): a temperature, even without the word.
    const bool decimal = t[i].text.find('.') != std::string::npos;
    const bool counted = i + 1 < t.size() && lex.units.contains(t[i + 1].text);
    if (!fever_told && !degrees && decimal && !counted && *reading != Temperature::normal) {
      r.mentions.push_back(
          {{lex.fever}, i, i + 1, r.clause[i], fever ? Context::affirmed : Context::mild, false});
    }
  }
}

bool has_concept(const Mention& m, const std::set<int>& group) {
  return std::any_of(m.concepts.begin(), m.concepts.end(),
                     [&](int c) { return group.contains(c); });
}

std::string span_text(std::string_view message, const std::vector<Token>& t, std::size_t begin,
                      std::size_t end) {
  return std::string(message.substr(t[begin].begin, t[end - 1].end - t[begin].begin));
}

void add_reason(ParsedCheckin& out, const std::string& reason) {
  out.needs_review = true;
  if (out.review_reason.find(reason) != std::string::npos) return;
  if (std::count(out.review_reason.begin(), out.review_reason.end(), ';') >= 2) return;
  out.review_reason += (out.review_reason.empty() ? "" : "; ") + reason;
}

std::string concept_names(const Lexicon& lex, const std::vector<Mention*>& mentions,
                          const std::vector<std::set<int>>& groups) {
  std::string out;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (int c : mentions[g]->concepts) {
      if (groups[g].contains(c)) {
        out += (out.empty() ? "" : " ") + lex.concepts[static_cast<std::size_t>(c)].name;
        break;
      }
    }
  }
  return out;
}

// Whether the writer also speaks of themselves ("did all 3. my kid fell", "mi amiga se desmayó,
// yo hice mis 3 series"): then someone else's sign is someone else's. Without it the writer
// may be a relative writing about the patient.
bool patient_speaks(const Lexicon& lex, const Reading& r) {
  const auto& t = r.tokens;
  auto third = [&](std::size_t at) {
    return std::any_of(t[at].ids.begin(), t[at].ids.end(),
                       [&](int id) { return lex.third_person.contains(id); });
  };
  // A status counts when it is the writer's own: "did all 3", not "she did 2 of her 3" or
  // "hizo sus ejercicios" (a word of the status, or one of the two before it in its clause,
  // names someone else). A status told only of someone else makes them the patient, whatever
  // else the writer says of themselves ("its tender when I touch it. she did 2 of her 3").
  bool status_of_other = false;
  for (const auto& [status, list] : lex.status) {
    for (const auto& p : list) {
      for (std::size_t i = 0; i + p.size() <= t.size(); ++i) {
        if (!matches_at(t, i, p)) continue;
        bool told_of_other = false;
        for (std::size_t k = i >= 2 ? i - 2 : 0; k < i + p.size() && !told_of_other; ++k)
          told_of_other = r.clause[k] == r.clause[i] && third(k);
        if (!told_of_other) return true;
        status_of_other = true;
      }
    }
  }
  if (status_of_other) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (writer_at(lex, t, i)) return true;
  }
  return false;
}

// Whether the sign in the clause is someone else's, and whether it is the writer's own when
// they write for the patient ("I'm the daughter, my own calf is swollen").
enum class Other { none, someone, writer };

Other someone_else_has(const Reading& r, std::size_t clause, const Rule& rule) {
  Other other = Other::none;
  for (const auto& group : rule.all_of) {
    bool found = false;
    for (const auto& m : r.mentions) {
      if (m.clause != clause || !has_concept(m, group)) continue;
      if (m.context == Context::other_person) {
        found = true;
        const Other whose = m.writer ? Other::writer : Other::someone;
        if (other == Other::none || whose == Other::writer) other = whose;
      } else if (!suppressed(m.context)) {
        found = true;
      }
    }
    if (!found) return Other::none;
  }
  return other;
}

void apply_rules(const Lexicon& lex, std::string_view message, std::string_view condition,
                 Reading& r, ParsedCheckin& out) {
  // A modifier alone in a short clause belongs to the clause before it: "sharp pain in the
  // shoulder at night, new", "no puedo agarrar la taza, empezo de golpe hace una hora" (words
  // that tell when it began do not count).
  for (auto& m : r.mentions) {
    const bool modifier = std::all_of(m.concepts.begin(), m.concepts.end(), [&](int id) {
      return lex.concepts[static_cast<std::size_t>(id)].kind == Kind::modifier;
    });
    if (!modifier || m.clause < 2) continue;
    std::size_t words = 0;
    for (std::size_t i = 0; i < r.tokens.size(); ++i) {
      const bool in_modifier = i >= m.begin && i < m.end;
      words +=
          r.clause[i] == m.clause && (in_modifier || !lex.onset_words.contains(r.tokens[i].text))
              ? 1
              : 0;
    }
    const bool alone = std::none_of(r.mentions.begin(), r.mentions.end(), [&](const Mention& o) {
      return &o != &m && o.clause == m.clause;
    });
    if (alone && words <= 2) m.clause -= 2;
  }
  const bool speaks = patient_speaks(lex, r);
  // A writer who says nothing of themselves is most likely writing about the patient ("mi
  // mamá no puede tragar", "grandma says her chest is squeezing"): the sign is read as the
  // patient's, with its tier, unless it is told of someone who is not ("my friend fainted").
  if (!speaks) {
    for (auto& m : r.mentions)
      if (m.context == Context::other_person && !m.outsider) m.context = Context::affirmed;
  }
  for (const auto& rule : lex.rules) {
    if (!rule.conditions.empty() && !rule.conditions.contains(std::string(condition))) continue;
    std::set<std::size_t> clauses;
    for (const auto& m : r.mentions)
      clauses.insert(m.clause);
    for (std::size_t clause : clauses) {
      // For each group the best mention in the clause: told over asked, asked over nothing.
      std::vector<Mention*> chosen;
      for (const auto& group : rule.all_of) {
        Mention* best = nullptr;
        for (auto& m : r.mentions) {
          if (m.clause != clause || suppressed(m.context) || !has_concept(m, group)) continue;
          if (!best || context_rank(m.context) < context_rank(best->context)) best = &m;
        }
        if (!best) break;
        chosen.push_back(best);
      }
      if (chosen.size() != rule.all_of.size()) {
        // A warning sign in someone else is not the patient's flag. A person reads an
        // emergency sign in anyone, and a carer's own sign ("I'm the daughter, my own calf is
        // swollen"). Below emergency, a writer who also speaks of themselves ("did all 3. my
        // kid fell") is taken at their word, and so is an outsider's sign ("my neighbor
        // slipped"); a relative's sign with no word of the writer's own was read as the
        // patient's above.
        const Other whose = rule.tier == "review" ? Other::none : someone_else_has(r, clause, rule);
        if (whose == Other::writer || (whose != Other::none && rule.tier == "emergency")) {
          add_reason(out, "mentions someone else with " + rule.label);
        }
        continue;
      }
      const bool told = std::all_of(chosen.begin(), chosen.end(), [](const Mention* m) {
        return m->context == Context::affirmed;
      });
      for (Mention* m : chosen)
        m->used = true;
      const std::string names = concept_names(lex, chosen, rule.all_of);
      if (!told) {
        const bool past = std::any_of(chosen.begin(), chosen.end(), [](const Mention* m) {
          return m->context == Context::historical;
        });
        const bool asks = std::any_of(chosen.begin(), chosen.end(), [](const Mention* m) {
          return m->context == Context::hypothetical;
        });
        add_reason(out, (asks ? "asks about " : past ? "mentions past " : "mentions ") + names);
        continue;
      }
      if (rule.severe_pain) out.pain_severe_words = true;
      if (rule.tier == "review") {
        add_reason(out, "mentions " + rule.label);
        continue;
      }
      std::size_t begin = chosen[0]->begin;
      std::size_t end = chosen[0]->end;
      for (const Mention* m : chosen) {
        begin = std::min(begin, m->begin);
        end = std::max(end, m->end);
      }
      const bool seen = std::any_of(out.flags.begin(), out.flags.end(),
                                    [&](const RedFlag& f) { return f.label == rule.label; });
      if (!seen)
        out.flags.push_back({rule.tier, rule.label, span_text(message, r.tokens, begin, end)});
    }
  }
  for (const auto& f : out.flags) {
    if (tier_rank(f.tier) > tier_rank(out.tier)) out.tier = f.tier;
  }
}

// What no rule settled still needs a person: a finding on a body site, a symptom word.
void review_leftovers(const Lexicon& lex, const Reading& r, ParsedCheckin& out) {
  for (const auto& m : r.mentions) {
    if (m.used || suppressed(m.context)) continue;
    for (int c : m.concepts) {
      const Concept& found = lex.concepts[static_cast<std::size_t>(c)];
      // A question about pain or any finding wants an answer from a person ("is burning pain
      // normal after the band exercises?").
      const bool asked = m.context == Context::hypothetical && found.kind == Kind::finding;
      if (found.review == Review::never && !asked) continue;
      const Mention* site = nullptr;
      for (const auto& s : r.mentions) {
        if (s.clause != m.clause || suppressed(s.context)) continue;
        for (int sc : s.concepts) {
          if (lex.concepts[static_cast<std::size_t>(sc)].kind == Kind::site) site = &s;
        }
      }
      if (found.review == Review::with_site && !site && !asked) continue;
      std::string what = found.name;
      if (site && site != &m) {
        for (int sc : site->concepts) {
          if (lex.concepts[static_cast<std::size_t>(sc)].kind == Kind::site) {
            what = lex.concepts[static_cast<std::size_t>(sc)].name + " " + what;
            break;
          }
        }
      }
      const char* how = m.context == Context::hypothetical ? "asks about "
                        : m.context == Context::historical ? "mentions past "
                                                           : "mentions ";
      add_reason(out, how + what);
      break;
    }
  }
}

// --- Pain ---------------------------------------------------------------------------------

std::optional<int> score(const std::string& w) {
  static const std::map<std::string, int> kNumbers = {
      {"zero", 0},  {"one", 1},   {"two", 2},   {"three", 3},  {"four", 4},  {"five", 5},
      {"six", 6},   {"seven", 7}, {"eight", 8}, {"nine", 9},   {"ten", 10},  {"cero", 0},
      {"uno", 1},   {"dos", 2},   {"tres", 3},  {"cuatro", 4}, {"cinco", 5}, {"seis", 6},
      {"siete", 7}, {"ocho", 8},  {"nueve", 9}, {"diez", 10},  {"una", 1}};
  if (auto it = kNumbers.find(w); it != kNumbers.end()) return it->second;
  if (!w.empty() && w.size() <= 2 &&
      std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); })) {
    const int v = std::stoi(w);
    if (v <= 10) return v;
  }
  // "2-3" reports the higher; "6.5" rounds up.
  if (auto dash = w.find('-'); dash != std::string::npos && dash > 0) {
    auto a = score(w.substr(0, dash));
    auto b = score(w.substr(dash + 1));
    if (a && b) return std::max(*a, *b);
  }
  if (auto value = number_in(w); value && w.find('.') != std::string::npos && *value <= 10)
    return static_cast<int>(std::ceil(*value));
  return std::nullopt;
}

bool is_digits(const std::string& w) {
  return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
}

std::optional<int> find_pain(const Lexicon& lex, const Reading& r) {
  const auto& t = r.tokens;
  std::optional<int> peak;
  auto take = [&](int v) {
    if (v >= 0 && v <= 10) peak = std::max(peak.value_or(v), v);
  };
  auto unit_after = [&](std::size_t i) {
    return i + 1 < t.size() && lex.units.contains(t[i + 1].text) &&
           !(t[i + 1].text == "of" && i + 2 < t.size() &&
             (t[i + 2].text == "10" || t[i + 2].text == "ten"));
  };
  auto pain_word = [&](std::size_t i) {
    if (lex.pain_words.contains(t[i].text)) return true;
    return std::any_of(t[i].ids.begin(), t[i].ids.end(), [&](int id) {
      return lex.pain_words.contains(lex.vocabulary[static_cast<std::size_t>(id)]);
    });
  };
  auto is_site = [&](std::size_t i) {
    for (const auto& m : r.mentions) {
      if (i < m.begin || i >= m.end) continue;
      for (int c : m.concepts) {
        if (lex.pain_sites.contains(c)) return true;
      }
    }
    return false;
  };
  bool pain_context = false;
  for (std::size_t i = 0; i < t.size(); ++i)
    pain_context |= pain_word(i);

  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i].text;
    // "6/10"
    if (auto slash = w.find('/'); slash != std::string::npos && w.substr(slash + 1) == "10") {
      if (auto n = score(w.substr(0, slash))) take(*n);
    }
    // "6 out of 10", "6 of 10", "6 de 10"
    if (auto n = score(w); n && i + 2 < t.size()) {
      const bool out_of = i + 3 < t.size() && t[i + 1].text == "out" && t[i + 2].text == "of" &&
                          (t[i + 3].text == "10" || t[i + 3].text == "ten");
      const bool of =
          (t[i + 1].text == "of" || t[i + 1].text == "de" || t[i + 1].text == "outta") &&
          (t[i + 2].text == "10" || t[i + 2].text == "ten" || t[i + 2].text == "diez");
      if (out_of || of) take(*n);
    }
  }
  auto is_ten = [&](std::size_t i) {
    return i < t.size() && (t[i].text == "10" || t[i].text == "ten" || t[i].text == "diez");
  };
  // The words after a score that say "out of ten" ("6 of 10", "seis de diez"): not a score.
  auto denominator = [&](std::size_t j) -> std::size_t {
    if (j + 2 < t.size() &&
        (t[j + 1].text == "of" || t[j + 1].text == "de" || t[j + 1].text == "outta") &&
        is_ten(j + 2))
      return 2;
    if (j + 3 < t.size() && t[j + 1].text == "out" && t[j + 2].text == "of" && is_ten(j + 3))
      return 3;
    return 0;
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool anchor = pain_word(i) || is_site(i);
    if (!anchor) continue;
    // "pain 5", "pain is at a 4", "sore like a 6", "pain went from 2 to 7", "knee 6", "neck is
    // an 8": every score in the words that follow, before anything that is not filler.
    bool found_here = false;
    for (std::size_t j = i + 1; j < t.size() && j <= i + 8 && !r.boundary[j]; ++j) {
      if (auto n = score(t[j].text)) {
        if (unit_after(j) || (j > 0 && lex.counters.contains(t[j - 1].text) &&
                              t[j - 1].text != "at" && !pain_word(j - 1)))
          break;
        take(*n);
        found_here = true;
        j += denominator(j);
        continue;
      }
      if (!lex.fillers.contains(t[j].text) && !is_site(j) && !pain_word(j)) break;
    }
    if (found_here || !pain_word(i)) continue;
    // "5 pain", "a 4 pain", "7 knee pain"
    for (std::size_t j = i; j > 0 && j + 3 > i; --j) {
      const std::size_t k = j - 1;
      if (r.boundary[k]) break;
      if (auto n = score(t[k].text);
          n && (is_digits(t[k].text) || (k > 0 && t[k - 1].text == "a"))) {
        if (k > 0 && lex.counters.contains(t[k - 1].text)) break;
        take(*n);
        break;
      }
      if (!is_site(k) && t[k].text != "a" && t[k].text != "of") break;
    }
  }
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i].text;
    const bool no_unit = !unit_after(i);
    // "went from 2 to 7", "down to 2 from 5", "subió de 3 a 8": the peak.
    if ((w == "from" || w == "de") && i + 1 < t.size() && score(t[i + 1].text) &&
        !unit_after(i + 1)) {
      const bool to_after = i + 3 < t.size() && (t[i + 2].text == "to" || t[i + 2].text == "a") &&
                            score(t[i + 3].text) && !unit_after(i + 3);
      const bool to_before = i >= 2 && t[i - 2].text == "to" && score(t[i - 1].text);
      if (to_after) {
        take(*score(t[i + 1].text));
        take(*score(t[i + 3].text));
      } else if (to_before) {
        take(*score(t[i + 1].text));
        take(*score(t[i - 1].text));
      }
    }
    // "was 8 this morning, now 3 after the meds", "estaba en 7 y ahora en 4": a score then and
    // now, in a message about pain or its medicine.
    if ((w == "was" || w == "estaba" || w == "estuvo" || w == "fue") && i + 1 < t.size()) {
      std::size_t then = i + 1;
      if (then + 1 < t.size() &&
          (t[then].text == "a" || t[then].text == "en" || t[then].text == "un"))
        ++then;
      const auto first = score(t[then].text);
      std::optional<int> later;
      for (std::size_t k = then + 1;
           first && !unit_after(then) && k + 1 < t.size() && k <= then + 8; ++k) {
        if (t[k].text != "now" && t[k].text != "ahora") continue;
        std::size_t at = k + 1;
        if (at + 1 < t.size() && (t[at].text == "a" || t[at].text == "en" || t[at].text == "un"))
          ++at;
        if (!unit_after(at)) later = score(t[at].text);
        break;
      }
      const bool about_pain =
          pain_context || std::any_of(r.mentions.begin(), r.mentions.end(), [&](const Mention& m) {
            return std::find(m.concepts.begin(), m.concepts.end(), lex.medicine) !=
                   m.concepts.end();
          });
      if (first && later && about_pain) {
        take(*first);
        take(*later);
      }
    }
    // "hoy un 8", "today a 6": a score for the day, the answer to the pain question.
    if ((w == "hoy" || w == "today") && i + 2 < t.size() &&
        (t[i + 1].text == "un" || t[i + 1].text == "a") && !unit_after(i + 2) &&
        denominator(i + 2) == 0) {
      if (auto n = score(t[i + 2].text)) take(*n);
    }
    // "done 2", "listo 3": a bare number after the done word answers the pain question.
    if (i > 0 && is_digits(w) && no_unit && denominator(i) == 0 &&
        (t[i - 1].text == "done" || t[i - 1].text == "listo" || t[i - 1].text == "finished" ||
         t[i - 1].text == "hecho")) {
      if (auto n = score(w)) take(*n);
    }
    // "4-5 on the stairs": a range of scores.
    if (w.find('-') != std::string::npos && is_digits(w) && no_unit &&
        !(i > 0 && lex.counters.contains(t[i - 1].text))) {
      if (auto n = score(w)) take(*n);
    }
  }
  // "a five", "like a 6": with pain words elsewhere in the message, or "it's a five" (the
  // answer to the pain question).
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].text != "a" && t[i].text != "un") continue;
    auto n = score(t[i + 1].text);
    if (!n || unit_after(i + 1)) continue;
    if (i > 0 && lex.counters.contains(t[i - 1].text) && t[i - 1].text != "at") continue;
    const bool its = i > 0 && (t[i - 1].text == "its" || t[i - 1].text == "es" ||
                               t[i - 1].text == "like" || t[i - 1].text == "about");
    if (pain_context || its) take(*n);
  }
  return peak;
}

// --- Exercises and status -----------------------------------------------------------------

std::string stem(std::string w) {
  if (w.size() > 3 && w.back() == 's') w.pop_back();
  return w;
}

// Words that name an exercise rather than a body part ("lift", "towel", "slide").
std::set<std::string> keywords(const std::vector<std::string>& names) {
  static const std::set<std::string> kGeneric = {
      "knee", "leg",  "arm", "back",  "hip",  "shoulder", "neck", "ankle", "foot", "your",
      "the",  "with", "on",  "and",   "a",    "up",       "down", "of",    "for",  "to",
      "in",   "you",  "bed", "right", "left", "one",      "easy", "but",   "pero", "y"};
  std::set<std::string> out;
  for (const auto& name : names) {
    for (const auto& w : split_words(name)) {
      if (w.text.size() > 2 && !kGeneric.contains(w.text) && !is_clause_mark(w.text))
        out.insert(stem(w.text));
    }
  }
  return out;
}

void find_exercises(const std::vector<Token>& t, const std::vector<std::vector<std::string>>& names,
                    ParsedCheckin& out) {
  static const std::map<std::string, int> kOrdinals = {{"first", 0}, {"second", 1}, {"third", 2},
                                                       {"1st", 0},   {"2nd", 1},    {"3rd", 2}};
  std::vector<std::pair<std::size_t, int>> mentions;  // token position, exercise index
  for (std::size_t e = 0; e < names.size(); ++e) {
    const auto words = keywords(names[e]);
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (words.contains(stem(t[i].text))) {
        mentions.emplace_back(i, static_cast<int>(e));
        break;
      }
    }
  }
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].text == "number" || t[i].text == "exercise" || t[i].text == "#") {
      if (auto n = score(t[i + 1].text); n && *n >= 1 && *n <= static_cast<int>(names.size()))
        mentions.emplace_back(i, *n - 1);
    }
    if (auto it = kOrdinals.find(t[i].text);
        it != kOrdinals.end() && it->second < static_cast<int>(names.size())) {
      mentions.emplace_back(i, it->second);
    }
  }
  if (mentions.empty()) return;
  auto has = [&](std::string_view w) {
    return std::any_of(t.begin(), t.end(), [&](const Token& x) { return x.text == w; });
  };
  bool all_but = has("except") || has("menos");
  for (std::size_t i = 0; i + 1 < t.size(); ++i)
    all_but |= t[i].text == "all" && t[i + 1].text == "but";
  static const std::set<std::string> kSkip = {"didnt",   "not",     "skipped", "skip",   "no",
                                              "couldnt", "without", "missed",  "except", "but"};
  std::set<int> skipped;
  std::set<int> done;
  for (const auto& [pos, index] : mentions) {
    bool skip = false;
    for (std::size_t k = pos; k > 0 && pos - k < 4; --k) {
      if (t[k - 1].text == "," || t[k - 1].text == ".") break;
      if (kSkip.contains(t[k - 1].text)) skip = true;
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

// A phrase found outside the positions already taken ("done" inside "not done" is not done).
bool found_outside(const std::vector<Token>& t, const std::vector<Phrase>& list,
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

// "2 of 3", "did 2": a count of exercises against the program's.
std::optional<std::string> status_from_count(const Lexicon& lex, const std::vector<Token>& t,
                                             std::size_t exercise_count) {
  auto counted = [](int done, int of) -> std::string {
    if (done == 0) return "skipped";
    return done < of ? "partial" : "done";
  };
  for (const auto& x : t) {
    // "2/3"
    const auto slash = x.text.find('/');
    if (slash == std::string::npos || !is_digits(x.text)) continue;
    auto done = score(x.text.substr(0, slash));
    auto of = score(x.text.substr(slash + 1));
    if (done && of && *of != 10 && *of > 0 && *done <= *of) return counted(*done, *of);
  }
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    auto done = score(t[i].text);
    auto of = score(t[i + 2].text);
    if (!done || !of || *of == 10 || (t[i + 1].text != "of" && t[i + 1].text != "de")) continue;
    return counted(*done, *of);
  }
  for (std::size_t i = 0; i + 1 < t.size() && exercise_count > 0; ++i) {
    if (t[i].text != "did" && t[i].text != "hice") continue;
    auto n = score(t[i + 1].text);
    if (!n || *n == 0 ||
        (i + 2 < t.size() && lex.units.contains(t[i + 2].text) && t[i + 2].text != "of" &&
         t[i + 2].text != "exercises"))
      continue;
    return static_cast<std::size_t>(*n) < exercise_count ? "partial" : "done";
  }
  return std::nullopt;
}

// `aside`: the words saying someone is not the patient, which say nothing of the exercises.
std::string find_status(const Lexicon& lex, const std::vector<Token>& t,
                        const std::vector<bool>& aside, const ParsedCheckin& parsed,
                        std::size_t exercise_count) {
  // "not the" of "not the patient" is no partial session.
  const bool partial = found_outside(t, lex.status.at("partial"), aside);
  const std::vector<bool> skip_words = covered_by(t, lex.status.at("skipped"));
  std::size_t words = 0;
  for (const auto& x : t)
    words += x.mark ? 0 : 1;
  const bool skipped = std::find(skip_words.begin(), skip_words.end(), true) != skip_words.end() ||
                       (!t.empty() && (words == 1 || (t.size() > 1 && t[1].mark)) &&
                        (t[0].text == "no" || t[0].text == "nah" || t[0].text == "nope" ||
                         t[0].text == "couldnt" || t[0].text == "cant"));
  const bool done = found_outside(t, lex.status.at("done"), skip_words);
  auto has = [&](std::string_view w) {
    return std::any_of(t.begin(), t.end(), [&](const Token& x) { return x.text == w; });
  };
  const bool says_all = has("all") || has("everything") || has("todos") || has("todo");
  if (auto counted = status_from_count(lex, t, exercise_count)) return *counted;
  if (partial) return "partial";
  if ((has("did") || has("hice")) && (has("only") || has("solo") || has("nomas"))) return "partial";
  // A bare "yes", "si" or "ya" answers the daily question: done.
  static const std::set<std::string> kYes = {"yes", "yeah", "yep", "yup", "si", "sip", "ya"};
  if (!t.empty() && kYes.contains(t[0].text) && (t.size() == 1 || t[1].mark) && !skipped)
    return "done";
  if (!parsed.exercises_skipped.empty() && (done || !parsed.exercises_done.empty()))
    return "partial";
  if (skipped && done) return "partial";
  if (skipped) return "skipped";
  // Naming only some of the exercises as done ("did the first one", "did the leg lifts only").
  if (!says_all && !parsed.exercises_done.empty() &&
      parsed.exercises_done.size() < exercise_count && (done || has("only") || has("solo"))) {
    return "partial";
  }
  if (done) return "done";
  if (!parsed.exercises_done.empty()) return "done";
  return "unclear";
}

// "can't today, my grandson is visiting": the words after the skip and its separator, or
// after "because", as the patient wrote them.
std::string find_skip_reason(const Lexicon& lex, std::string_view message,
                             const std::vector<Token>& t) {
  auto until_sentence_end = [&](std::size_t from) -> std::string {
    std::size_t to = from;
    while (to < t.size() && t[to].text != "." && t[to].text != "!" && t[to].text != "?")
      ++to;
    if (to == from) return {};
    return span_text(message, t, from, to);
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    for (const auto& marker : lex.reason_markers) {
      if (matches_at(t, i, marker) && i + marker.size() < t.size()) {
        std::string reason = until_sentence_end(i + marker.size());
        if (!reason.empty()) return reason;
      }
    }
  }
  const std::vector<bool> skip = covered_by(t, lex.status.at("skipped"));
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!skip[i]) continue;
    std::size_t j = i;
    while (j < t.size() && (skip[j] || t[j].text == "today" || t[j].text == "hoy"))
      ++j;
    if (j < t.size() && (t[j].text == "," || t[j].text == ":" || t[j].text == ";")) {
      std::string reason = until_sentence_end(j + 1);
      if (!reason.empty()) return reason;
    }
    break;
  }
  for (std::size_t i = 0; i < t.size(); ++i) {
    for (const auto& reason : lex.reasons) {
      if (matches_at(t, i, reason)) return until_sentence_end(i);
    }
  }
  return {};
}

bool only(const std::vector<Token>& t, const std::vector<std::vector<std::string>>& words) {
  std::vector<std::string> plain;
  for (const auto& w : t) {
    if (!w.mark) plain.push_back(w.text);
  }
  return std::any_of(words.begin(), words.end(), [&](const auto& w) { return plain == w; });
}

}  // namespace

int tier_rank(std::string_view tier) {
  if (tier == "emergency") return 3;
  if (tier == "urgent") return 2;
  if (tier == "same_day") return 1;
  return 0;
}

ParsedCheckin parse_checkin(std::string_view message,
                            const std::vector<std::vector<std::string>>& exercise_names,
                            std::string_view condition_id) {
  const Lexicon& lex = lexicon();
  ParsedCheckin out;
  const bool too_long = message.size() > kMaxReadBytes;
  if (too_long) message = message.substr(0, kMaxReadBytes);
  Reading r;
  r.tokens = read_tokens(lex, message);
  split_clauses(lex, r);
  find_mentions(lex, r);
  read_context(lex, r);
  read_temperatures(lex, r);
  apply_rules(lex, message, condition_id, r, out);
  review_leftovers(lex, r, out);
  if (too_long) add_reason(out, "a long message: read it in full");
  for (const auto& m : r.mentions) {
    for (int c : m.concepts) {
      if (lex.concepts[static_cast<std::size_t>(c)].kind == Kind::severe_pain &&
          !suppressed(m.context))
        out.pain_severe_words = true;
    }
  }
  out.opt_out = only(r.tokens, lex.opt_out);
  out.help = !out.opt_out && only(r.tokens, lex.help);
  out.pain = find_pain(lex, r);
  if (out.pain && *out.pain >= lex.pain_review_at)
    add_reason(out, "reports pain " + std::to_string(*out.pain) + "/10");
  // Words that say severe pain outweigh a lower number read beside them ("me duele una
  // barbaridad" holds "una", one).
  if (out.pain_severe_words && (!out.pain || *out.pain < lex.pain_review_at))
    add_reason(out, "severe pain in words");
  out.yesterday = contains_any(r.tokens, lex.yesterday);
  find_exercises(r.tokens, exercise_names, out);
  if (!out.opt_out && !out.help)
    out.status = find_status(lex, r.tokens, r.aside, out, exercise_names.size());
  if (out.status == "skipped") out.skip_reason = find_skip_reason(lex, message, r.tokens);
  return out;
}

}  // namespace ptmcp::tools::checkins
