#include "tools/library/library_resources.h"

#include "tools/library/exercise_library.h"
#include "tools/library/search_exercises.h"

namespace ptmcp::tools::library {
namespace {

using Json = nlohmann::json;
constexpr const char* kJson = "application/json";

std::optional<server::ResourceContents> exercise_resource(const std::string& id) {
  const Exercise* e = find_exercise(id);
  if (e == nullptr) return std::nullopt;
  return server::ResourceContents{"ptmcp://library/exercises/" + id, kJson,
                                  exercise_json(*e).dump(2)};
}

std::optional<server::ResourceContents> condition_resource(const std::string& name) {
  const Condition* c = find_condition(name);
  if (c == nullptr) return std::nullopt;
  Json list = Json::array();
  for (const auto& e : exercises()) {
    if (std::find(e.conditions.begin(), e.conditions.end(), c->id) != e.conditions.end()) {
      list.push_back(exercise_json(e));
    }
  }
  Json body = {{"condition",
                {{"id", c->id},
                 {"name", c->name},
                 {"aliases", c->aliases},
                 {"es", {{"name", c->es.name}, {"aliases", c->es.aliases}}}}},
               {"exercises", std::move(list)}};
  return server::ResourceContents{"ptmcp://library/conditions/" + name, kJson, body.dump(2)};
}

}  // namespace

std::vector<std::string> complete_condition(std::string_view typed) {
  // Names only, offered when the name, the id or an alias matches what was typed
  // ("TKA" and "tka" both offer "Total knee replacement").
  std::vector<std::string> matches;
  for (const auto& c : conditions()) {
    std::vector<std::string> forms = c.aliases;
    forms.push_back(c.name);
    forms.push_back(c.id);
    if (!server::complete_from(forms, typed).empty()) matches.push_back(c.name);
  }
  return matches;
}

void add_library_resources(server::Catalog& catalog) {
  catalog.resources.add({"ptmcp://library/exercises", "exercise-library", "Exercise library",
                         "Every exercise in the library, in patient words, as JSON.", kJson, [] {
                           Json list = Json::array();
                           for (const auto& e : exercises())
                             list.push_back(exercise_json(e));
                           return server::ResourceContents{"ptmcp://library/exercises", kJson,
                                                           Json{{"exercises", list}}.dump(2)};
                         }});
  for (const auto& e : exercises()) {
    catalog.resources.add({"ptmcp://library/exercises/" + e.id, e.id, e.name,
                           e.clinical_name + ": " + e.description, kJson,
                           [id = e.id] { return exercise_resource(id); }});
  }
  catalog.resources.add_template(
      {"ptmcp://library/exercises/{exercise_id}",
       "library-exercise",
       "Library exercise",
       "One exercise from the library by its id.",
       kJson,
       [](const server::Arguments& v) { return exercise_resource(v.at("exercise_id")); },
       {{"exercise_id", [](std::string_view typed, const server::Arguments&) {
           std::vector<std::string> ids;
           for (const auto& e : exercises())
             ids.push_back(e.id);
           return server::complete_from(ids, typed);
         }}}});
  catalog.resources.add_template(
      {"ptmcp://library/conditions/{condition}",
       "library-condition",
       "Exercises for a condition",
       "The library's exercises for one condition, by id, name or alias.",
       kJson,
       [](const server::Arguments& v) { return condition_resource(v.at("condition")); },
       {{"condition", [](std::string_view typed, const server::Arguments&) {
           return complete_condition(typed);
         }}}});
}

}  // namespace ptmcp::tools::library
