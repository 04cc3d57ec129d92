// generate_hep: builds, checks, stores and renders a six-element home exercise program;
// with program_id it revises a program as a new version. Also the program resources
// (ptmcp://programs/{program_id}, .../page.html, .../calendar.ics) and the end-of-visit
// prompt.
#pragma once

#include <memory>

#include "server/catalog.h"
#include "tools/hep/hep_limits.h"
#include "tools/hep/render.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::hep {

struct HepServices {
  std::shared_ptr<store::ProgramStore> store;
  HepLimits limits;
  Clinic clinic;
};

// The clinic's name and patient-facing contact from PTMCP_CLINIC_NAME and PTMCP_CLINIC_CONTACT
// (set by the plugin's and the desktop extension's settings). Blank values, and placeholders a
// launcher left unexpanded ("${user_config.clinic_name}"), count as not set.
Clinic clinic_from_environment();

void add_generate_hep(server::Catalog& catalog, const HepServices& services);

}  // namespace ptmcp::tools::hep
