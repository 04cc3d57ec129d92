#include "tools/library/search_exercises.h"

#include "server/assets.h"
#include "tools/findings.h"
#include "tools/library/dose_text.h"
#include "tools/library/exercise_library.h"

namespace ptmcp::tools::library {
namespace {

using Json = nlohmann::json;

struct SearchRequest {
  std::string query;
  std::string condition;
  std::string body_region;
  int limit = 10;
};

void from_json(const Json& j, SearchRequest& r) {
  r.query = j.value("query", "");
  r.condition = j.value("condition", "");
  r.body_region = j.value("body_region", "");
  r.limit = j.value("limit", 10);
}

Outcome<Json> run(const SearchRequest& request) {
  SearchOutcome found = search({request.query, request.condition, request.body_region,
                                static_cast<std::size_t>(request.limit)});
  if (found.unknown_condition) {
    std::string known;
    for (const auto& c : conditions())
      known += (known.empty() ? "" : ", ") + c.name;
    return Outcome<Json>::failure({{Severity::kError, std::nullopt, "/condition",
                                    "\"" + *found.unknown_condition +
                                        "\" is not a condition in the library. Known: " + known +
                                        ". Leave condition out to search every exercise.",
                                    "\"knee replacement\""}});
  }
  Json result = {{"total", found.total}, {"exercises", Json::array()}};
  if (!request.condition.empty()) result["condition"] = find_condition(request.condition)->name;
  for (const auto& hit : found.hits)
    result["exercises"].push_back(exercise_json(*hit.exercise));
  return Outcome<Json>::success(std::move(result));
}

}  // namespace

Json exercise_json(const Exercise& e) {
  return {{"id", e.id},
          {"name", e.name},
          {"clinical_name", e.clinical_name},
          {"aliases", e.aliases},
          {"body_region", e.body_region},
          {"conditions", e.conditions},
          {"description", e.description},
          {"clinic_link_template", e.clinic_link_template},
          {"typical_dose", e.typical_dose},
          {"typical_dose_text", dose_text(e.typical_dose)},
          {"precautions", e.precautions},
          {"es",
           {{"name", e.es.name},
            {"aliases", e.es.aliases},
            {"description", e.es.description},
            {"clinic_link_template", e.es.clinic_link_template},
            {"precautions", e.es.precautions}}},
          {"uri", "ptmcp://library/exercises/" + e.id}};
}

server::ToolDefinition search_exercises_tool() {
  return {
      "search_exercises",
      "Search the exercise library",
      "Finds exercises in the library, described in plain words a patient can follow. Search by "
      "free text (plain names, clinical names and abbreviations such as \"quad sets\" or \"SLR\" "
      "work), by condition (\"knee replacement\", \"low back pain\", \"TKA\"), by body region, "
      "or any mix, in English or Spanish (\"sentadilla en silla\", \"puente\", \"reemplazo de "
      "rodilla\"; accents optional). Each result has an id (a library_id), the plain name and "
      "1-2 sentence description, a clinic-link sentence to adapt to what the patient did "
      "today, a typical dose and precautions, and the same in plain Spanish under es. The "
      "therapist chooses the exercises and doses; the library only offers wording.",
      Json::parse(server::require_asset("schemas/search_exercises.input.json")),
      Json::parse(server::require_asset("schemas/search_exercises.output.json")),
      {.read_only = true, .idempotent = true},
      [](const Json& arguments, server::ToolContext&) {
        Outcome<Json> outcome = run(arguments.get<SearchRequest>());
        if (!outcome.value) return server::ToolResult::failure(describe_findings(outcome.findings));
        return server::ToolResult::success(std::move(*outcome.value));
      }};
}

}  // namespace ptmcp::tools::library
