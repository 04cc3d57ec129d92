// Completion of program ids (for prompt arguments and resource templates) from the store.
#pragma once

#include <memory>

#include "server/completion.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {

// Ids starting with what was typed, most recently active first (a new version or a
// check-in); nothing when the store cannot be read.
server::Completer program_id_completer(std::shared_ptr<ProgramStore> store);

}  // namespace ptmcp::tools::store
