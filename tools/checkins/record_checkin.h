// record_checkin: records one patient check-in against a stored program: the parse, red
// flags and escalation, needs_review for what is unsure, the pain rule, STOP and HELP, and a
// one-segment reply in the clinic's voice that knows the clinic's hours. The raw text is
// kept for the therapist and never logged.
#pragma once

#include <memory>

#include "server/catalog.h"
#include "tools/checkins/checkin_settings.h"
#include "tools/hep/render.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {

void add_record_checkin(server::Catalog& catalog, const std::shared_ptr<store::ProgramStore>& store,
                        const CheckinSettings& settings = load_checkin_settings(""),
                        const hep::Clinic& clinic = {});

}  // namespace ptmcp::tools::checkins
