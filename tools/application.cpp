#include "tools/application.h"

#include <memory>
#include <regex>
#include <string>

#include <spdlog/spdlog.h>

#include "server/assets.h"
#include "tools/apps/apps.h"
#include "tools/audit/audit_hep.h"
#include "tools/checkins/checkin_settings.h"
#include "tools/checkins/record_checkin.h"
#include "tools/checkins/review_adherence.h"
#include "tools/hep/generate_hep.h"
#include "tools/library/library_resources.h"
#include "tools/library/search_exercises.h"
#include "tools/notes/progress_note.h"
#include "tools/programs/find_programs.h"
#include "tools/store/db_command.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools {
namespace {

using Json = nlohmann::json;

void add_guides(server::Catalog& catalog) {
  catalog.resources.add({"ptmcp://guides/six-elements", "six-elements",
                         "The six elements of a home exercise program that gets done",
                         "What each element asks for, why, and what the checks refuse.",
                         "text/markdown", [] {
                           return server::ResourceContents{
                               "ptmcp://guides/six-elements", "text/markdown",
                               std::string(server::require_asset("data/guides/six-elements.md"))};
                         }});
}

void add_prompts(server::Catalog& catalog) {
  catalog.prompts.add(
      {"audit_existing_hep",
       "Audit an existing home exercise program",
       "Score a handout the patient already has against the six elements, explain what keeps "
       "it from being done, and offer to rebuild it.",
       {{"text",
         "The handout's text, if you have it at hand (otherwise you will be asked for it)",
         false,
         {}}},
       [](const server::Arguments& args) {
         return std::vector<server::PromptMessage>{
             {"user", server::render_prompt_text(
                          server::require_asset("prompts/audit_existing_hep.md"), args)}};
       }});
}

// The audit log: one row per tool call with the time, the tool, the program it concerned
// and the outcome; never any text. A program id the client sent is recorded only when it
// names a program this server keeps, so a client that puts something else there records
// nothing.
server::ToolObserver audit_trail(std::shared_ptr<store::ProgramStore> store) {
  return [store = std::move(store)](const std::string& tool, const Json& arguments,
                                    const server::ToolResult& result) {
    static const std::regex kProgramId("p-[a-z0-9]{6,32}");
    std::string program_id;
    if (const Json& r = result.structured;
        r.is_object() && r.contains("program_id") && r["program_id"].is_string()) {
      program_id = r["program_id"].get<std::string>();
    } else if (arguments.is_object() && arguments.contains("program_id") &&
               arguments["program_id"].is_string()) {
      // What the client sent is recorded only when it names a program this server keeps.
      program_id = arguments["program_id"].get<std::string>();
      try {
        if (!std::regex_match(program_id, kProgramId) || !store->load(program_id))
          program_id.clear();
      } catch (const store::StoreError&) {
        program_id.clear();
      }
    }
    if (!std::regex_match(program_id, kProgramId)) program_id.clear();
    std::string outcome = result.is_error ? "refused" : "ok";
    const Json& r = result.structured;
    if (!result.is_error && r.is_object()) {
      // A preview (generate_hep with save: false) saved nothing: its row says so.
      if (r.contains("version") && r["version"].is_number())
        outcome = (r.value("saved", true) ? "saved v" : "previewed v") +
                  std::to_string(r["version"].get<int>());
      if (r.value("escalate", false) && r.contains("tier") && r["tier"].is_string())
        outcome = "escalated " + r["tier"].get<std::string>();  // emergency, urgent, same_day
    }
    try {
      store->audit(tool, program_id, outcome);
    } catch (const store::StoreError&) {
      spdlog::warn("could not write the audit log for a {} call", tool);
    }
  };
}

void populate(server::Catalog& catalog, const server::RuntimeOptions& options) {
  add_guides(catalog);
  library::add_library_resources(catalog);
  const hep::HepServices services{std::shared_ptr<store::ProgramStore>(store::open_store(
                                      options.database_path, options.concurrency)),
                                  hep::load_hep_limits(options.config_path),
                                  hep::clinic_from_environment()};
  hep::add_generate_hep(catalog, services);
  catalog.tools.add(programs::find_programs_tool(services.store));
  checkins::add_record_checkin(catalog, services.store,
                               checkins::load_checkin_settings(options.config_path),
                               services.clinic);
  checkins::add_review_adherence(catalog, services.store);
  notes::add_draft_progress_note(catalog, services.store);
  catalog.tools.add(library::search_exercises_tool());
  catalog.tools.add(audit::audit_hep_tool());
  add_prompts(catalog);
  apps::add_apps(catalog);
  catalog.tools.set_observer(audit_trail(services.store));
}

}  // namespace

const server::Application& application() {
  static const server::Application app{
      {.name = "ptmcp",
       .title = "ptmcp",
       .version = PTMCP_VERSION,
       .description = "Home exercise programs, check-ins and progress notes for outpatient "
                      "physical therapy",
       .instructions = std::string(server::require_asset("prompts/instructions.md"))},
      populate,
      {store::db_command()},
      "PTMCP",
      "ptmcp.db"};
  return app;
}

}  // namespace ptmcp::tools
