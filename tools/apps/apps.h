// The apps a client that renders MCP Apps shows next to a tool's result: the program preview
// (generate_hep) and the adherence view (review_adherence). Each is one self-contained HTML
// document embedded in the binary; it asks for nothing outside itself.
#pragma once

#include "server/catalog.h"

namespace ptmcp::tools::apps {

inline constexpr const char* kProgramApp = "ui://ptmcp/program.html";
inline constexpr const char* kAdherenceApp = "ui://ptmcp/adherence.html";

// Registers both documents as resources.
void add_apps(server::Catalog& catalog);

}  // namespace ptmcp::tools::apps
