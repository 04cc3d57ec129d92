#include "tools/store/program_id_completion.h"

namespace ptmcp::tools::store {

server::Completer program_id_completer(std::shared_ptr<ProgramStore> store) {
  // Up to 10,000 matches: the session sends the first 100 with the count, so a clinic with
  // more programs than one page holds is told how many there are.
  return [store = std::move(store)](std::string_view typed,
                                    const server::Arguments&) -> server::Completion {
    try {
      return store->program_ids(std::string(typed), 10000);
    } catch (const StoreError& e) {
      return server::Completion::unavailable_because(e.explained());
    }
  };
}

}  // namespace ptmcp::tools::store
