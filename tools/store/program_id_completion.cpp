#include "tools/store/program_id_completion.h"

namespace ptmcp::tools::store {

server::Completer program_id_completer(std::shared_ptr<ProgramStore> store) {
  return [store = std::move(store)](std::string_view typed, const server::Arguments&) {
    try {
      return store->program_ids(std::string(typed), 100);
    } catch (const StoreError&) {
      return std::vector<std::string>{};
    }
  };
}

}  // namespace ptmcp::tools::store
