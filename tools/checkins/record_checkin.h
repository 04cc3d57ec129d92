// record_checkin: records one patient check-in against a stored program: the parse, red
// flags and escalation, needs_review for what is unsure, the pain rule, STOP and HELP, and a
// one-segment reply in the clinic's voice that knows the clinic's hours. The raw text is
// kept for the therapist and never logged.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "server/catalog.h"
#include "tools/checkins/checkin_settings.h"
#include "tools/hep/render.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {

// The clock a check-in's time is held against: one more than a day ahead of it is refused (a
// gateway with a wrong clock must not write the future). Tests set their own.
using Clock = std::function<std::chrono::system_clock::time_point()>;

void add_record_checkin(server::Catalog& catalog, const std::shared_ptr<store::ProgramStore>& store,
                        const CheckinSettings& settings = load_checkin_settings(""),
                        const hep::Clinic& clinic = {}, const Clock& clock = {});

}  // namespace ptmcp::tools::checkins
