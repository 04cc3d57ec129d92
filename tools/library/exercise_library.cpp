#include "tools/library/exercise_library.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::library {
namespace {

using Json = nlohmann::json;

using text::lower;

enum class Language { kEnglish, kSpanish };

// Words as search compares them: accents folded and lowercased ("Péndulo" meets "pendulo"),
// the plural ending taken off ("slides" meets "slide"; in Spanish "talones" meets "talón"
// and "rodillas" meets "rodilla"), and the small words that name nothing left out.
std::vector<std::string> stems(std::string_view text, Language language = Language::kEnglish) {
  static const std::set<std::string, std::less<>> kEnglishStopWords = {
      "a", "an", "and", "the", "for", "of", "on", "in", "to", "with", "your", "my", "or", "at"};
  static const std::set<std::string, std::less<>> kSpanishStopWords = {
      "a", "al",   "con", "de",  "del", "e",  "el",  "en", "la", "las", "lo",   "los",  "mi", "mis",
      "o", "para", "por", "que", "se",  "su", "sus", "u",  "un", "una", "unos", "unas", "y"};
  const auto& stop_words = language == Language::kSpanish ? kSpanishStopWords : kEnglishStopWords;
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    const std::size_t n = word.size();
    if (language == Language::kSpanish && n > 4 && word.ends_with("es") &&
        std::string_view("dlnrj").find(word[n - 3]) != std::string_view::npos) {
      word.resize(n - 2);  // "talones", "paredes", "lumbares"
    } else if (n > 3 && word.back() == 's' && word[n - 2] != 's') {
      word.pop_back();
    }
    if (!word.empty() && !stop_words.contains(word)) out.push_back(word);
    word.clear();
  };
  for (char c : text::strip_accents(text)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string joined_stems(std::string_view text, Language language = Language::kEnglish) {
  std::string out;
  for (const auto& s : stems(text, language))
    out += (out.empty() ? "" : " ") + s;
  return out;
}

// Whether `needle` occurs in `haystack` as whole words (both are joined stems).
bool contains_phrase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    const std::size_t end = at + needle.size();
    if ((at == 0 || haystack[at - 1] == ' ') && (end == haystack.size() || haystack[end] == ' '))
      return true;
  }
  return false;
}

std::optional<int> optional_int(const Json& j, const char* key) {
  if (auto it = j.find(key); it != j.end()) return it->get<int>();
  return std::nullopt;
}

}  // namespace

void to_json(Json& j, const Dose& d) {
  j = Json::object();
  if (d.sets) j["sets"] = *d.sets;
  if (d.reps) j["reps"] = *d.reps;
  if (d.hold_seconds) j["hold_seconds"] = *d.hold_seconds;
  if (d.minutes) j["minutes"] = *d.minutes;
}

void from_json(const Json& j, Dose& d) {
  d = Dose{optional_int(j, "sets"), optional_int(j, "reps"), optional_int(j, "hold_seconds"),
           optional_int(j, "minutes")};
}

const std::vector<Exercise>& exercises() {
  static const std::vector<Exercise> all = [] {
    std::vector<Exercise> out;
    auto data = Json::parse(server::require_asset("data/library/exercises.json"));
    for (const auto& e : data["exercises"]) {
      const Json& es = e["es"];
      out.push_back({e["id"],
                     e["name"],
                     e["clinical_name"],
                     e["aliases"].get<std::vector<std::string>>(),
                     e["body_region"],
                     e["conditions"].get<std::vector<std::string>>(),
                     e["description"],
                     e["clinic_link_template"],
                     e["typical_dose"].get<Dose>(),
                     e["precautions"],
                     {es["name"], es["aliases"].get<std::vector<std::string>>(), es["description"],
                      es["clinic_link_template"], es["precautions"]}});
    }
    return out;
  }();
  return all;
}

const std::vector<Condition>& conditions() {
  static const std::vector<Condition> all = [] {
    std::vector<Condition> out;
    auto data = Json::parse(server::require_asset("data/library/conditions.json"));
    for (const auto& c : data["conditions"]) {
      const Json& es = c["es"];
      out.push_back({c["id"],
                     c["name"],
                     c["aliases"].get<std::vector<std::string>>(),
                     {es["name"], es["aliases"].get<std::vector<std::string>>()},
                     c["body_region"],
                     c["red_flag_profile"],
                     c["milestone_example"],
                     c["goal_example"]});
    }
    return out;
  }();
  return all;
}

const Exercise* find_exercise(std::string_view id) {
  for (const auto& e : exercises()) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

namespace {

// A condition's name and aliases in one language.
std::vector<std::string> names_of(const Condition& c, Language language) {
  std::vector<std::string> names = language == Language::kSpanish ? c.es.aliases : c.aliases;
  names.push_back(language == Language::kSpanish ? c.es.name : c.name);
  return names;
}

}  // namespace

const Condition* find_condition(std::string_view text) {
  // Every condition's names folded, and stemmed in each language, once.
  struct Name {
    std::string text;
    const Condition* condition;
  };
  struct Names {
    std::vector<Name> folded;
    std::vector<Name> stemmed[2];  // English, Spanish
  };
  static const Names names = [] {
    Names n;
    for (const auto& c : conditions()) {
      for (Language language : {Language::kEnglish, Language::kSpanish}) {
        for (const auto& name : names_of(c, language)) {
          n.folded.push_back({text::fold_name(name), &c});
          n.stemmed[language == Language::kEnglish ? 0 : 1].push_back(
              {joined_stems(name, language), &c});
        }
      }
    }
    return n;
  }();
  const std::string wanted = text::fold_name(text);
  for (const auto& c : conditions()) {
    if (wanted == c.id) return &c;
  }
  for (const auto& name : names.folded) {
    if (wanted == name.text) return name.condition;
  }
  // A longer phrase naming the condition: the longest name or alias found in it wins.
  const Condition* best = nullptr;
  std::size_t best_length = 0;
  for (Language language : {Language::kEnglish, Language::kSpanish}) {
    const std::string phrase = joined_stems(text, language);
    for (const auto& name : names.stemmed[language == Language::kEnglish ? 0 : 1]) {
      if (name.text.size() > best_length && contains_phrase(phrase, name.text)) {
        best = name.condition;
        best_length = name.text.size();
      }
    }
  }
  return best;
}

namespace {

// An exercise's searchable text in one language, stemmed once: what search() compares
// queries with.
struct IndexedText {
  std::vector<std::string> clinical_names;  // the clinical name and each alias
  std::string clinical_text;                // all of them
  std::string name;
  std::string description;
  std::string condition_names;  // names and aliases of the conditions it serves
  std::string body_region;      // the region's word
};

struct Indexed {
  const Exercise* exercise = nullptr;
  IndexedText english;
  IndexedText spanish;
};

// A body region's word in Spanish ("knee" -> "rodilla"), from the library's data.
std::string spanish_region(const std::string& region) {
  static const Json names = Json::parse(server::require_asset("data/library/exercises.json"))
                                .at("body_region_names")
                                .at("es");
  return names.value(region, "");
}

IndexedText index_text(const Exercise& e, Language language) {
  const bool spanish = language == Language::kSpanish;
  IndexedText x;
  std::vector<std::string> clinical_names = spanish ? e.es.aliases : e.aliases;
  if (!spanish) clinical_names.push_back(e.clinical_name);
  for (const auto& n : clinical_names) {
    x.clinical_names.push_back(joined_stems(n, language));
    x.clinical_text += " " + x.clinical_names.back();
  }
  x.name = joined_stems(spanish ? e.es.name : e.name, language);
  x.description = joined_stems(spanish ? e.es.description : e.description, language);
  for (const auto& id : e.conditions) {
    for (const auto& c : conditions()) {
      if (c.id != id) continue;
      for (const auto& name : names_of(c, language))
        x.condition_names += " " + joined_stems(name, language);
    }
  }
  x.body_region = spanish ? joined_stems(spanish_region(e.body_region), language) : e.body_region;
  return x;
}

const std::vector<Indexed>& search_index() {
  static const std::vector<Indexed> all = [] {
    std::vector<Indexed> out;
    for (const auto& e : exercises())
      out.push_back({&e, index_text(e, Language::kEnglish), index_text(e, Language::kSpanish)});
    return out;
  }();
  return all;
}

// A query as one language reads it.
struct StemmedQuery {
  std::vector<std::string> words;
  std::string phrase;
};

StemmedQuery stem_query(std::string_view text, Language language) {
  return {stems(text, language), joined_stems(text, language)};
}

// How well a query matches one exercise's text in the same language: a whole name or alias
// counts most, each word by where it is found, scaled by the share of the query's words
// found at all. 0 when none is.
double match_score(const IndexedText& x, const StemmedQuery& query) {
  const std::vector<std::string>& words = query.words;
  const std::string& phrase = query.phrase;
  double score = 0;
  for (const auto& s : x.clinical_names) {
    if (s == phrase) {
      score += 20;
    } else if (contains_phrase(s, phrase)) {
      score += 8;
    }
  }
  if (x.name == phrase) score += 20;
  if (contains_phrase(x.name, phrase)) score += 8;
  std::size_t matched = 0;
  for (const auto& w : words) {
    double word_score = 0;
    if (contains_phrase(x.name, w)) word_score += 3;
    if (contains_phrase(x.clinical_text, w)) word_score += 3;
    if (contains_phrase(x.description, w)) word_score += 1;
    if (contains_phrase(x.condition_names, w)) word_score += 1;
    if (w == x.body_region) word_score += 2;
    if (word_score > 0) ++matched;
    score += word_score;
  }
  return score * static_cast<double>(matched) / static_cast<double>(words.size());
}

}  // namespace

SearchOutcome search(const SearchQuery& query) {
  SearchOutcome outcome;
  const Condition* condition = nullptr;
  if (!query.condition.empty()) {
    condition = find_condition(query.condition);
    if (condition == nullptr) {
      outcome.unknown_condition = query.condition;
      return outcome;
    }
  }
  const std::string region = lower(query.body_region);
  const StemmedQuery english = stem_query(query.text, Language::kEnglish);
  const StemmedQuery spanish = stem_query(query.text, Language::kSpanish);
  // Only small words ("the", "de la") in either reading: no text to match.
  const bool any_text = !english.words.empty() && !spanish.words.empty();

  for (const Indexed& x : search_index()) {
    const Exercise& e = *x.exercise;
    if (condition &&
        std::find(e.conditions.begin(), e.conditions.end(), condition->id) == e.conditions.end()) {
      continue;
    }
    if (!region.empty() && e.body_region != region) continue;
    double found = 1;
    if (any_text) {
      // The query is read as English and as Spanish; the better reading counts.
      found = std::max(match_score(x.english, english), match_score(x.spanish, spanish));
      if (found == 0) continue;
    }
    outcome.hits.push_back({&e, found});
  }
  std::stable_sort(outcome.hits.begin(), outcome.hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  outcome.total = outcome.hits.size();
  if (outcome.hits.size() > query.limit) outcome.hits.resize(query.limit);
  return outcome;
}

}  // namespace ptmcp::tools::library
