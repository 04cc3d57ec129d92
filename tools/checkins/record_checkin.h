// record_checkin: records one patient check-in against a stored program: the parse, red
// flags and escalation, the pain rule, STOP and HELP, and a one-segment reply in the
// clinic's voice. The raw text is kept for the therapist and never logged.
#pragma once

#include <memory>

#include "server/catalog.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {

void add_record_checkin(server::Catalog& catalog,
                        const std::shared_ptr<store::ProgramStore>& store);

}  // namespace ptmcp::tools::checkins
