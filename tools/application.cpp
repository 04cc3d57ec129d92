#include "tools/application.h"

#include <string>

#include "server/assets.h"

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

void populate(server::Catalog& catalog, const server::RuntimeOptions&) {
  add_guides(catalog);
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
