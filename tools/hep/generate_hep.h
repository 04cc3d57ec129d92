// generate_hep: builds, checks, stores and renders a six-element home exercise program;
// with program_id it revises a program as a new version. Also the program resources
// (ptmcp://programs/{program_id}, .../page.html, .../calendar.ics) and the end-of-visit
// prompt.
#pragma once

#include <memory>

#include "server/catalog.h"
#include "tools/hep/hep_limits.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::hep {

struct HepServices {
  std::shared_ptr<store::ProgramStore> store;
  HepLimits limits;
};

void add_generate_hep(server::Catalog& catalog, const HepServices& services);

}  // namespace ptmcp::tools::hep
