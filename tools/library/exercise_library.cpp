#include "tools/library/exercise_library.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::library {
namespace {

using Json = nlohmann::json;

using text::lower;

// Lowercase words with a plural "s" taken off, so "slides" meets "slide".
std::vector<std::string> stems(std::string_view text) {
  static const std::set<std::string, std::less<>> kStopWords = {
      "a", "an", "and", "the", "for", "of", "on", "in", "to", "with", "your", "my", "or", "at"};
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') word.pop_back();
    if (!word.empty() && !kStopWords.contains(word)) out.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string joined_stems(std::string_view text) {
  std::string out;
  for (const auto& s : stems(text))
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
      out.push_back({e["id"], e["name"], e["clinical_name"],
                     e["aliases"].get<std::vector<std::string>>(), e["body_region"],
                     e["conditions"].get<std::vector<std::string>>(), e["description"],
                     e["clinic_link_template"], e["typical_dose"].get<Dose>(), e["precautions"]});
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
      out.push_back({c["id"], c["name"], c["aliases"].get<std::vector<std::string>>(),
                     c["body_region"], c["red_flag_profile"], c["milestone_example"],
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

const Condition* find_condition(std::string_view text) {
  const std::string wanted = lower(text);
  for (const auto& c : conditions()) {
    if (wanted == c.id || wanted == lower(c.name)) return &c;
    for (const auto& a : c.aliases) {
      if (wanted == lower(a)) return &c;
    }
  }
  // A longer phrase naming the condition: the longest name or alias found in it wins.
  const std::string phrase = joined_stems(text);
  const Condition* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& c : conditions()) {
    std::vector<std::string> names = c.aliases;
    names.push_back(c.name);
    for (const auto& name : names) {
      const std::string stemmed = joined_stems(name);
      if (stemmed.size() > best_length && contains_phrase(phrase, stemmed)) {
        best = &c;
        best_length = stemmed.size();
      }
    }
  }
  return best;
}

namespace {

// An exercise's searchable text, stemmed once: what search() compares queries with.
struct Indexed {
  const Exercise* exercise = nullptr;
  std::vector<std::string> clinical_names;  // the clinical name and each alias
  std::string clinical_text;                // all of them
  std::string name;
  std::string description;
  std::string condition_names;  // names and aliases of the conditions it serves
};

const std::vector<Indexed>& search_index() {
  static const std::vector<Indexed> all = [] {
    std::vector<Indexed> out;
    for (const auto& e : exercises()) {
      Indexed x;
      x.exercise = &e;
      std::vector<std::string> clinical_names = e.aliases;
      clinical_names.push_back(e.clinical_name);
      for (const auto& n : clinical_names) {
        x.clinical_names.push_back(joined_stems(n));
        x.clinical_text += " " + x.clinical_names.back();
      }
      x.name = joined_stems(e.name);
      x.description = joined_stems(e.description);
      for (const auto& id : e.conditions) {
        for (const auto& c : conditions()) {
          if (c.id != id) continue;
          x.condition_names += " " + joined_stems(c.name);
          for (const auto& a : c.aliases)
            x.condition_names += " " + joined_stems(a);
        }
      }
      out.push_back(std::move(x));
    }
    return out;
  }();
  return all;
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
  const std::vector<std::string> words = stems(query.text);
  const std::string phrase = joined_stems(query.text);

  for (const Indexed& x : search_index()) {
    const Exercise& e = *x.exercise;
    if (condition &&
        std::find(e.conditions.begin(), e.conditions.end(), condition->id) == e.conditions.end()) {
      continue;
    }
    if (!region.empty() && e.body_region != region) continue;
    double score = 0;
    if (!words.empty()) {
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
        if (w == e.body_region) word_score += 2;
        if (word_score > 0) ++matched;
        score += word_score;
      }
      if (score == 0) continue;
      score *= static_cast<double>(matched) / static_cast<double>(words.size());
    } else {
      score = 1;
    }
    outcome.hits.push_back({&e, score});
  }
  std::stable_sort(outcome.hits.begin(), outcome.hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  outcome.total = outcome.hits.size();
  if (outcome.hits.size() > query.limit) outcome.hits.resize(query.limit);
  return outcome;
}

}  // namespace ptmcp::tools::library
