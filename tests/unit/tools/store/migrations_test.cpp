// The schema steps and moving data between stores, against both stores: a new database is
// set up to the last step, one from before the steps existed is brought up to date with its
// data, one set up by a newer ptmcp is refused, and an export imported elsewhere reads the
// same.
#include "tools/store/migrations.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <sstream>

#include "tests/unit/tools/store/test_databases.h"
#include "tools/store/db_command.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;

TEST(Migrations, StepsRunOneTwoThreeWithSqlForBothStores) {
  int expected = 1;
  for (const Migration& m : migrations()) {
    EXPECT_EQ(m.step, expected++);
    EXPECT_FALSE(m.what.empty());
    EXPECT_FALSE(m.sqlite.empty() && m.postgresql.empty()) << m.step;
  }
  EXPECT_EQ(latest_schema_step(), expected - 1);
}

class BothStores : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    address_ = testing::fresh_database(GetParam());
    if (address_.empty()) GTEST_SKIP() << "PostgreSQL is not installed";
  }
  std::string address_;
};

INSTANTIATE_TEST_SUITE_P(Stores, BothStores, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(BothStores, ANewDatabaseIsSetUpToTheLastStepOnFirstUse) {
  auto untouched = open_store(address_, 1, OnOpen::leave_schema);
  EXPECT_EQ(untouched->schema_step(), 0);
  auto store = open_store(address_, 1);
  ASSERT_TRUE(store->save(std::nullopt, Json{{"v", 1}}));
  EXPECT_EQ(store->schema_step(), latest_schema_step());
  EXPECT_EQ(untouched->schema_step(), latest_schema_step());
  EXPECT_EQ(store->migrate(), latest_schema_step());  // again: nothing to do
}

TEST_P(BothStores, MigrateBringsAnUntouchedDatabaseUpToDate) {
  auto store = open_store(address_, 1, OnOpen::leave_schema);
  EXPECT_EQ(store->migrate(), latest_schema_step());
  auto saved = store->save(std::nullopt, Json{{"v", 1}}, Json::array({"New program."}));
  EXPECT_EQ(store->load(saved->program_id)->changes, Json::array({"New program."}));
}

TEST_P(BothStores, ADatabaseSetUpByANewerPtmcpIsRefusedWithoutBeingWritten) {
  open_store(address_, 1)->migrate();
  const int newer = latest_schema_step() + 1;
  if (GetParam() == "sqlite") {
    SQLite::Database(address_, SQLite::OPEN_READWRITE)
        .exec("PRAGMA user_version = " + std::to_string(newer));
  } else {
    testing::run_sql(address_, "INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
                                   ", '2099-01-01T00:00:00Z')");
  }
  auto store = open_store(address_, 1);
  try {
    store->save(std::nullopt, Json{{"v", 1}});
    FAIL() << "saved into a database from a newer ptmcp";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer ptmcp (schema step " + std::to_string(newer)),
              std::string::npos)
        << e.what();
    EXPECT_NE(e.next_step().find("newer ptmcp"), std::string::npos) << e.next_step();
  }
  EXPECT_EQ(open_store(address_, 1, OnOpen::leave_schema)->schema_step(), newer);
  EXPECT_TRUE(open_store(address_, 1, OnOpen::leave_schema)->program_ids("", 10).empty());
}

// A file written by ptmcp before the steps existed: its tables, no step recorded.
TEST(Migrations, ASqliteFileFromBeforeTheStepsKeepsItsDataAndIsBroughtUpToDate) {
  const std::string path = testing::fresh_database("sqlite");
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(migrations()[0].sqlite);  // step 1 as the old binary made it
    db.exec(
        "INSERT INTO programs VALUES ('p-old', '2026-01-01T00:00:00Z', 1);"
        "INSERT INTO program_versions VALUES ('p-old', 1, '2026-01-01T00:00:00Z', '{\"v\":1}');");
  }
  EXPECT_EQ(open_sqlite_store(path, OnOpen::leave_schema)->schema_step(), 0);
  auto store = open_sqlite_store(path);
  EXPECT_EQ(store->load("p-old")->program["v"], 1);
  EXPECT_EQ(store->load("p-old")->changes, Json::array());
  auto revised = store->save(std::string("p-old"), Json{{"v", 2}}, Json::array({"Days: a → b"}));
  EXPECT_EQ(revised->version, 2);
  EXPECT_EQ(store->schema_step(), latest_schema_step());
}

StoredCheckin checkin(const std::string& id, const std::string& at, const std::string& text) {
  return {0, id, at, at, at.substr(0, 10), text, "sms", Json{{"tier", nullptr}}, false};
}

// A clinic's SQLite file, exported and imported into PostgreSQL (and SQLite into SQLite):
// every read the tools make gives the same answer in the new store.
TEST_P(BothStores, AnExportImportedIntoAnotherStoreReadsTheSame) {
  const std::string file = testing::fresh_database("sqlite");
  auto from = open_store(file, 1);
  auto maria = from->save(std::nullopt, Json{{"patient", {{"name", "Maria"}}}, {"v", 1}},
                          Json::array({"New program."}));
  from->save(maria->program_id, Json{{"patient", {{"name", "Maria"}}}, {"v", 2}},
             Json::array({"Days: Mon → Tue"}));
  auto frank = from->save(std::nullopt, Json{{"patient", {{"name", "Frank"}}}});
  from->add_checkin(checkin(maria->program_id, "2026-11-21T08:00:00Z", "done"));
  from->add_checkin(checkin(maria->program_id, "2026-11-22T08:00:00Z", "did 2, knee sore 5/10"));
  from->add_checkin(checkin(frank->program_id, "2026-11-22T09:00:00Z", "STOP"));
  from->set_opted_out(frank->program_id, true);

  std::stringstream exported;
  export_lines(*from, exported);
  auto to = open_store(address_, 2);
  const std::string said = import_lines(*to, exported);
  EXPECT_EQ(said,
            "Imported 2 programs, 3 versions, 3 check-ins, 1 opt-outs; the database holds "
            "the same.");

  for (const auto& id : {maria->program_id, frank->program_id}) {
    const auto a = from->versions(id);
    const auto b = to->versions(id);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].created_at, b[i].created_at);
      EXPECT_EQ(a[i].changes, b[i].changes);
      EXPECT_EQ(from->load(id, a[i].version)->program, to->load(id, b[i].version)->program);
    }
    const auto ca = from->checkins(id);
    const auto cb = to->checkins(id);
    ASSERT_EQ(ca.size(), cb.size());
    for (std::size_t i = 0; i < ca.size(); ++i) {
      EXPECT_EQ(ca[i].message, cb[i].message);
      EXPECT_EQ(ca[i].received_at, cb[i].received_at);
      EXPECT_EQ(ca[i].parsed, cb[i].parsed);
    }
    EXPECT_EQ(from->opted_out(id), to->opted_out(id));
  }
  const auto sa = from->summaries();
  const auto sb = to->summaries();
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t i = 0; i < sa.size(); ++i) {
    EXPECT_EQ(sa[i].program_id, sb[i].program_id);
    EXPECT_EQ(sa[i].latest_version, sb[i].latest_version);
    EXPECT_EQ(sa[i].first_name, sb[i].first_name);
    EXPECT_EQ(sa[i].last_checkin_day, sb[i].last_checkin_day);
  }
  // Importing the same file again (a move interrupted and started over) keeps each row once.
  std::stringstream again;
  export_lines(*from, again);
  EXPECT_EQ(import_lines(*to, again), said);
  EXPECT_EQ(to->checkins(maria->program_id).size(), 2u);

  // A revision after the move numbers on from the imported versions.
  EXPECT_EQ(to->save(maria->program_id, Json{{"v", 3}})->version, 3);
}

TEST(DbImport, AFileCutShortIsRefused) {
  auto from = open_store(testing::fresh_database("sqlite"), 1);
  auto p = from->save(std::nullopt, Json{{"v", 1}});
  from->add_checkin(checkin(p->program_id, "2026-11-21T08:00:00Z", "done"));
  std::stringstream exported;
  export_lines(*from, exported);
  std::string text = exported.str();
  text.resize(text.rfind("{\"counts\""));  // the counts line lost
  std::stringstream cut(text);
  auto to = open_store(testing::fresh_database("sqlite"), 1);
  try {
    import_lines(*to, cut);
    FAIL() << "a file without its counts was imported";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("cut short"), std::string::npos) << e.what();
  }
  std::stringstream nonsense("{\"hello\": 1}\n");
  EXPECT_THROW(import_lines(*to, nonsense), StoreError);
}

}  // namespace
}  // namespace ptmcp::tools::store
