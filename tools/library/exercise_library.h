// The exercise library (data/library/exercises.json and conditions.json): exercises in
// patient words that clinics reuse, in English and Spanish, found by id, condition, body
// region or free text in either language (clinical names and aliases too: "quad sets" finds
// the knee press, and so does "contracción de cuádriceps"). Loaded once from the embedded
// data; read-only afterwards and safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ptmcp::tools::library {

struct Dose {
  std::optional<int> sets;
  std::optional<int> reps;
  std::optional<int> hold_seconds;
  std::optional<int> minutes;
};

// {"sets": 2, "reps": 10, ...} with absent fields left out, both ways.
void to_json(nlohmann::json& j, const Dose& dose);
void from_json(const nlohmann::json& j, Dose& dose);

// An exercise in plain Spanish, written for patients rather than translated word for word.
struct SpanishExercise {
  std::string name;
  std::vector<std::string> aliases;  // Spanish clinical and everyday names, for search
  std::string description;
  std::string clinic_link_template;
  std::string precautions;
};

struct Exercise {
  std::string id;
  std::string name;
  std::string clinical_name;
  std::vector<std::string> aliases;
  std::string body_region;
  std::vector<std::string> conditions;  // condition ids
  std::string description;
  std::string clinic_link_template;
  Dose typical_dose;
  std::string precautions;
  SpanishExercise es;
};

struct SpanishNames {
  std::string name;
  std::vector<std::string> aliases;
};

struct Condition {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  SpanishNames es;
  std::string body_region;
  std::string red_flag_profile;   // a profile in data/clinical/warning_signs.json
  std::string milestone_example;  // for the examples in findings about this condition
  std::string goal_example;
};

const std::vector<Exercise>& exercises();
const std::vector<Condition>& conditions();

const Exercise* find_exercise(std::string_view id);

// A condition by id, name or alias in English or Spanish (case and accents ignored), or by a
// phrase that contains one of them ("Right total knee replacement, 3 weeks after surgery"
// and "reemplazo total de rodilla derecha" find tka).
const Condition* find_condition(std::string_view text);

struct SearchQuery {
  std::string text;         // free text in English or Spanish; empty matches everything
  std::string condition;    // id, name or alias; empty for any
  std::string body_region;  // empty for any
  std::size_t limit = 10;
};

struct SearchHit {
  const Exercise* exercise = nullptr;
  double score = 0;
};

struct SearchOutcome {
  std::vector<SearchHit> hits;                   // best first, at most `limit`
  std::size_t total = 0;                         // matches before the limit
  std::optional<std::string> unknown_condition;  // the condition asked for, when not known
};

SearchOutcome search(const SearchQuery& query);

}  // namespace ptmcp::tools::library
