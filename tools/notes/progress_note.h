// draft_progress_note: structures and checks progress reports, daily notes and discharge
// summaries. The assistant writes the narrative; ptmcp computes what can be computed
// (measure changes against their MCID, goal status from numbers, units per CPT code by the
// payer's rule), checks what the payer requires, flags phrases reviewers reject, and
// formats the note as Markdown and as plain text for pasting into an EMR.
#pragma once

#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "server/catalog.h"
#include "tools/checkins/adherence_review.h"
#include "tools/findings.h"
#include "tools/notes/billing.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::notes {

// The note for `request` (draft_progress_note's validated arguments). `adherence` is the
// program's review and `hep_summary` the current program's lines, when a program_id was
// given.
Outcome<nlohmann::json> draft_note(const nlohmann::json& request,
                                   const std::optional<checkins::Review>& adherence,
                                   const std::vector<std::string>& hep_summary);

void add_draft_progress_note(server::Catalog& catalog,
                             const std::shared_ptr<store::ProgramStore>& store);

}  // namespace ptmcp::tools::notes
