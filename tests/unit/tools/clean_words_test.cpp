// Clean words: every message and note template, and the findings every tool reports on bad
// input, read as plain sentences: no doubled punctuation (".."), no sentence run into
// "For example", and every finding ends as a sentence.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "server/assets.h"
#include "tools/application.h"

namespace ptmcp::tools {
namespace {

using Json = nlohmann::json;

// What is wrong with `text`'s wording, one line per slip; empty when it reads cleanly.
std::vector<std::string> slips(const std::string& text) {
  std::vector<std::string> found;
  // Two marks in a row, other than an ellipsis, the period of "e.g." and "i.e." before a
  // comma, and CSS's "::".
  static const std::regex doubled(R"([.,;:!?]{2,})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), doubled);
       it != std::sregex_iterator(); ++it) {
    const std::string marks = it->str();
    const auto at = static_cast<std::size_t>(it->position());
    if (marks == "...") continue;
    // A CSS pseudo-element in the page template ("li::before").
    if (marks == "::" && at + 2 < text.size() &&
        std::isalpha(static_cast<unsigned char>(text[at + 2])))
      continue;
    if (marks == ".," && at >= 3 &&
        (text.compare(at - 3, 3, "e.g") == 0 || text.compare(at - 3, 3, "i.e") == 0))
      continue;
    found.push_back("doubled punctuation \"" + marks +
                    "\" in: " + text.substr(at >= 40 ? at - 40 : 0, 60));
  }
  // "For example" starts a sentence or follows a colon; it never continues one.
  static const std::regex run_on(R"([^.!?:\n\s]\s+For example)");
  std::smatch m;
  if (std::regex_search(text, m, run_on))
    found.push_back("a sentence runs into \"For example\": " + m.str());
  return found;
}

TEST(CleanWords, TheLintCatchesTheSlipsIssue17Found) {
  // The two slips as they were: each must be caught, and their fixed wording must pass.
  EXPECT_EQ(
      slips("needs the patient's response to treatment, specifically For example: \"x\"").size(),
      1u);
  EXPECT_EQ(slips("Changes: wean from cane..").size(), 1u);
  EXPECT_TRUE(slips("needs the patient's response. For example: \"x\"").empty());
  EXPECT_TRUE(slips("Wean from cane. Cues, e.g., for heel strike...").empty());
}

// Every string in a JSON document, with its pointer.
void strings_in(const Json& j, const std::string& at,
                std::vector<std::pair<std::string, std::string>>& out) {
  if (j.is_string()) {
    out.emplace_back(at, j.get<std::string>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      strings_in(v, at + "/" + k, out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      strings_in(j[i], at + "/" + std::to_string(i), out);
  }
}

TEST(CleanWords, EveryPromptTemplateAndDataPhrase) {
  std::size_t files = 0;
  for (const char* prefix : {"prompts/", "templates/", "data/"}) {
    for (const auto& asset : server::assets_under(prefix)) {
      ++files;
      const std::string path(asset.path);
      const std::string content(asset.content);
      // An app's script and style are code, not prose.
      if (path.ends_with(".js") || path.ends_with(".css")) continue;
      if (path.ends_with(".json")) {
        std::vector<std::pair<std::string, std::string>> texts;
        strings_in(Json::parse(content), "", texts);
        for (const auto& [at, text] : texts) {
          // Regular expressions are not prose: a lookahead "(?!" is not doubled punctuation.
          if (path.ends_with("element_rules.json") &&
              (at.find("/patterns/") != std::string::npos || at.find("/es/") != std::string::npos))
            continue;
          for (const auto& s : slips(text))
            ADD_FAILURE() << path << at << ": " << s;
        }
      } else {
        // An app's script, style and policy are not prose: its markup's words are.
        const std::string prose =
            path.starts_with("templates/apps/")
                ? std::regex_replace(
                      content,
                      std::regex(
                          R"(<script>[\s\S]*?</script>|<style>[\s\S]*?</style>|<meta [^>]*>)"),
                      " ")
                : content;
        for (const auto& s : slips(prose))
          ADD_FAILURE() << path << ": " << s;
      }
    }
  }
  EXPECT_GT(files, 15u);  // prompts, the page template, the clinical data and the guides
}

std::string read_case(const std::string& name) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/" + name);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Each tool's input as it is, and with one field taken away at a time (top level and one level
// down), plus an empty call: the inputs that make tools report findings.
std::vector<Json> worse_versions(const Json& good) {
  std::vector<Json> out = {Json::object(), good};
  for (const auto& [key, value] : good.items()) {
    Json without = good;
    without.erase(key);
    out.push_back(without);
    if (value.is_object()) {
      for (const auto& [inner, ignored] : value.items()) {
        Json less = good;
        less[key].erase(inner);
        out.push_back(less);
      }
    }
    if (value.is_array() && !value.empty() && value[0].is_object()) {
      for (const auto& [inner, ignored] : value[0].items()) {
        Json less = good;
        less[key][0].erase(inner);
        out.push_back(less);
      }
    }
  }
  return out;
}

TEST(CleanWords, FindingsOfEveryToolOnBadInput) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("ptmcp-words-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  server::Catalog catalog;
  server::RuntimeOptions options;
  options.database_path = (dir / "w.db").string();
  application().populate(catalog, options);
  server::ToolContext context;
  const auto call = [&](const std::string& tool, const Json& args) {
    return catalog.tools.find(tool)->definition.handler(args, context);
  };

  Json hep = Json::parse(read_case("hep_post_tka.json"));
  const std::string program = call("generate_hep", hep).structured["program_id"];
  Json note = Json::parse(read_case("progress_note_sample.json"));
  note.erase("program_id");
  Json daily = {{"note_type", "daily_note"},
                {"patient", {{"name", "Maria"}}},
                {"payer", "medicare"},
                {"date", "2026-11-24"},
                {"interventions",
                 {{{"name", "Therapeutic activities"}, {"cpt", "97530"}, {"minutes", 20}},
                  {{"name", "Manual therapy"}, {"cpt", "97140"}, {"minutes", 7}},
                  {{"name", "Hot pack"}, {"cpt", "97010"}, {"minutes", 10}, {"timed", true}},
                  {{"name", "Dry needling"}, {"cpt", "20560"}, {"minutes", 8}}}},
                {"patient_response", "Tolerated treatment well."},
                {"next_visit_plan", "Continue per plan."}};
  Json discharge = note;
  discharge["note_type"] = "discharge_summary";
  discharge["patient_instructions"] = "Keep doing your SLR every morning.";
  const std::vector<std::pair<std::string, Json>> good = {
      {"generate_hep", hep},
      {"record_checkin",
       {{"program_id", program},
        {"message", "did 2, pain 3"},
        {"received_at", "2026-11-24T08:00:00-05:00"}}},
      {"review_adherence", {{"program_id", program}, {"from", "2026-11-24"}, {"to", "2026-11-29"}}},
      {"draft_progress_note", note},
      {"draft_progress_note", daily},
      {"draft_progress_note", discharge},
      {"search_exercises", {{"query", "knee"}}},
      {"record_checkin",
       {{"program_id", "p-nosuchprogram"},
        {"message", "done"},
        {"received_at", "2026-11-24T08:00:00-05:00"}}},
      {"review_adherence", {{"program_id", program}, {"from", "2026-11-29"}, {"to", "2026-11-24"}}},
      {"audit_hep", {{"text", read_case("legacy_handout.txt")}}},
      {"audit_hep", {{"text", "Do your exercises.."}}},
  };

  std::size_t findings = 0;
  std::set<std::string> tools_called;
  for (const auto& [tool, input] : good) {
    const auto* registered = catalog.tools.find(tool);
    ASSERT_NE(registered, nullptr) << tool;
    for (const Json& args : worse_versions(input)) {
      if (!registered->input.validate(args).empty()) continue;  // the schema refuses it first
      tools_called.insert(tool);
      const server::ToolResult result = call(tool, args);
      for (const auto& s : slips(result.text))
        ADD_FAILURE() << tool << " text: " << s;
      std::vector<Json> listed;
      if (result.structured.is_object()) {
        for (const char* key : {"findings", "warnings"}) {
          if (result.structured.contains(key) && result.structured[key].is_array()) {
            for (const auto& f : result.structured[key])
              listed.push_back(f);
          }
        }
      }
      for (const auto& f : listed) {
        if (!f.is_object() || !f.contains("message")) continue;
        ++findings;
        const std::string message = f["message"];
        for (const auto& s : slips(message))
          ADD_FAILURE() << tool << " " << f.value("pointer", "") << ": " << s;
        EXPECT_TRUE(message.ends_with(".") || message.ends_with("?") || message.ends_with("!"))
            << tool << " " << f.value("pointer", "") << ": \"" << message
            << "\" does not end as a sentence";
      }
      // An isError result lists its findings one a line: "N. /pointer: message ..."
      if (result.is_error) {
        static const std::regex line(R"(^\d+\. .*$)");
        std::istringstream lines(result.text);
        for (std::string l; std::getline(lines, l);) {
          if (!std::regex_match(l, line)) continue;
          ++findings;
          const std::string message = l.substr(0, l.find(" For example: "));
          EXPECT_TRUE(message.ends_with(".") || message.ends_with("?") || message.ends_with("!"))
              << tool << ": \"" << l << "\" does not end as a sentence";
        }
      }
    }
  }
  EXPECT_EQ(tools_called.size(), 6u) << [&] {
    std::string called;
    for (const auto& t : tools_called)
      called += t + " ";
    return called;
  }();
  EXPECT_GT(findings, 30u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ptmcp::tools
