#include "tools/application.h"

#include <string>

#include "server/assets.h"
#include "tools/audit/audit_hep.h"
#include "tools/checkins/record_checkin.h"
#include "tools/checkins/review_adherence.h"
#include "tools/hep/generate_hep.h"
#include "tools/library/library_resources.h"
#include "tools/library/search_exercises.h"
#include "tools/notes/progress_note.h"

namespace ptmcp::tools {
namespace {

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

void populate(server::Catalog& catalog, const server::RuntimeOptions& options) {
  add_guides(catalog);
  library::add_library_resources(catalog);
  const hep::HepServices services{
      std::shared_ptr<store::ProgramStore>(store::open_sqlite_store(options.database_path)),
      hep::load_hep_limits(options.config_path), hep::clinic_from_environment()};
  hep::add_generate_hep(catalog, services);
  checkins::add_record_checkin(catalog, services.store);
  checkins::add_review_adherence(catalog, services.store);
  notes::add_draft_progress_note(catalog, services.store);
  catalog.tools.add(library::search_exercises_tool());
  catalog.tools.add(audit::audit_hep_tool());
  add_prompts(catalog);
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
      populate};
  return app;
}

}  // namespace ptmcp::tools
