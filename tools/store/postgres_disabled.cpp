// The PostgreSQL store in a build without libpq (the portable binary): every call says so.
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {
namespace {

[[noreturn]] void refuse() {
  throw StoreError("this ptmcp was built without PostgreSQL",
                   "use a ptmcp built with PostgreSQL (the server build), or a database file");
}

class DisabledPostgresStore final : public ProgramStore {
 public:
  std::optional<StoredProgram> save(const std::optional<std::string>&, const nlohmann::json&,
                                    const nlohmann::json&) override {
    refuse();
  }
  std::optional<StoredProgram> load(const std::string&, std::optional<int>) override { refuse(); }
  std::vector<std::string> program_ids(const std::string&, std::size_t) override { refuse(); }
  std::vector<VersionEntry> versions(const std::string&) override { refuse(); }
  std::vector<ProgramSummary> summaries() override { refuse(); }
  StoredCheckin add_checkin(const StoredCheckin&) override { refuse(); }
  std::vector<StoredCheckin> checkins(const std::string&) override { refuse(); }
  void set_opted_out(const std::string&, bool) override { refuse(); }
  bool opted_out(const std::string&) override { refuse(); }
  void audit(const std::string&, const std::string&, const std::string&) override { refuse(); }
  int schema_step() override { refuse(); }
  int migrate() override { refuse(); }
  bool restore_version(const StoredProgram&) override { refuse(); }
};

}  // namespace

std::unique_ptr<ProgramStore> open_postgres_store(std::string, std::size_t, OnOpen) {
  return std::make_unique<DisabledPostgresStore>();
}

}  // namespace ptmcp::tools::store
