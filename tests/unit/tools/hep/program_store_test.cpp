#include "tools/store/program_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;

std::string temp_db() {
  auto dir = std::filesystem::temp_directory_path() /
             ("ptmcp-store-" + std::to_string(std::random_device{}()));
  return (dir / "sub" / "ptmcp.db").string();  // a folder that does not exist yet
}

TEST(ProgramStore, SavesVersionsAndKeepsEarlierOnes) {
  auto store = open_sqlite_store(temp_db());
  auto first = store->save(std::nullopt, Json{{"v", 1}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->version, 1);
  EXPECT_TRUE(first->program_id.starts_with("p-"));
  auto second = store->save(first->program_id, Json{{"v", 2}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->program_id, first->program_id);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(store->load(first->program_id)->program["v"], 2);
  EXPECT_EQ(store->load(first->program_id, 1)->program["v"], 1);
  EXPECT_FALSE(store->load("p-missing"));
  EXPECT_FALSE(store->save(std::string("p-missing"), Json::object()));
}

TEST(ProgramStore, ListsIdsByPrefix) {
  auto store = open_sqlite_store(temp_db());
  auto a = store->save(std::nullopt, Json::object());
  store->save(std::nullopt, Json::object());
  EXPECT_EQ(store->program_ids("", 10).size(), 2u);
  auto found = store->program_ids(a->program_id.substr(0, 8), 10);
  EXPECT_NE(std::find(found.begin(), found.end(), a->program_id), found.end());
  EXPECT_TRUE(store->program_ids("zzz", 10).empty());
}

TEST(ProgramStore, TwoConnectionsWritingAtOnceLoseNothing) {
  const std::string path = temp_db();
  auto one = open_sqlite_store(path);
  auto two = open_sqlite_store(path);
  one->save(std::nullopt, Json::object());  // create the file and schema first
  std::vector<std::string> ids_one;
  std::vector<std::string> ids_two;
  std::thread a([&] {
    for (int i = 0; i < 50; ++i)
      ids_one.push_back(one->save(std::nullopt, Json{{"i", i}})->program_id);
  });
  std::thread b([&] {
    for (int i = 0; i < 50; ++i)
      ids_two.push_back(two->save(std::nullopt, Json{{"i", i}})->program_id);
  });
  a.join();
  b.join();
  auto reader = open_sqlite_store(path);
  EXPECT_EQ(reader->program_ids("", 1000).size(), 101u);
  for (const auto& id : ids_one)
    EXPECT_TRUE(reader->load(id)) << id;
  for (const auto& id : ids_two)
    EXPECT_TRUE(reader->load(id)) << id;
}

TEST(ProgramStore, AnUnwritableLocationIsAStoreError) {
  auto store = open_sqlite_store("/proc/ptmcp-cannot-write-here/ptmcp.db");
  try {
    store->save(std::nullopt, Json::object());
    FAIL() << "saved into /proc";
  } catch (const StoreError& e) {
    EXPECT_NE(e.next_step().find("may write there"), std::string::npos) << e.next_step();
  }
}

TEST(ProgramStore, AFirstOpenThatFailsIsRetriedWhole) {
  const std::string path = temp_db();
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "this is not a database, it is a text file someone saved here";
  auto store = open_sqlite_store(path);
  EXPECT_THROW(store->load("p-anything"), StoreError);
  // Once the file is moved away, the same store opens a new database and sets it up.
  std::filesystem::rename(path, path + ".bad");
  auto saved = store->save(std::nullopt, Json{{"v", 1}});
  ASSERT_TRUE(saved);
  EXPECT_EQ(store->load(saved->program_id)->program["v"], 1);
}

TEST(ProgramStore, KeepsEachVersionsChanges) {
  auto store = open_sqlite_store(temp_db());
  auto first = store->save(std::nullopt, Json{{"v", 1}}, Json::array({"New program."}));
  auto second = store->save(first->program_id, Json{{"v", 2}}, Json::array({"Days: a → b"}));
  EXPECT_EQ(second->changes, Json::array({"Days: a → b"}));
  EXPECT_EQ(store->load(first->program_id, 1)->changes, Json::array({"New program."}));
  EXPECT_EQ(store->load(first->program_id)->changes, Json::array({"Days: a → b"}));
  auto versions = store->versions(first->program_id);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_EQ(versions[1].changes, Json::array({"Days: a → b"}));
  EXPECT_TRUE(store->versions("p-missing").empty());
}

TEST(ProgramStore, AVersionSavedWithoutChangesHasNone) {
  // Saved without a summary (as tools other than generate_hep may): an empty list.
  auto store = open_sqlite_store(temp_db());
  auto first = store->save(std::nullopt, Json{{"v", 1}});
  EXPECT_EQ(store->load(first->program_id)->changes, Json::array());
}

Json program(const std::string& name, const std::string& visit, const std::string& next) {
  return {
      {"patient", {{"name", name}}},
      {"visit",
       {{"date", visit}, {"next_visit", next}, {"condition", "knee"}, {"condition_id", "tka"}}}};
}

TEST(ProgramStore, SummariesCarryTheLatestVersionAndTheCheckins) {
  auto store = open_sqlite_store(temp_db());
  auto maria = store->save(std::nullopt, program("Maria", "2026-11-23", "2026-11-30"));
  store->save(maria->program_id, program("Maria", "2026-11-30", "2026-12-07"));
  auto frank = store->save(std::nullopt, program("Frank", "2026-11-20", "2026-11-27"));
  store->add_checkin({0, frank->program_id, "2026-11-21T08:00:00-05:00", "2026-11-21T13:00:00Z",
                      "2026-11-21", "done", "sms", Json{{"tier", nullptr}}, false});
  store->add_checkin({0, frank->program_id, "2026-11-22T08:00:00-05:00", "2026-11-22T13:00:00Z",
                      "2026-11-22", "calf swollen", "sms", Json{{"tier", "urgent"}}, false});
  store->add_checkin({0, frank->program_id, "2026-11-23T08:00:00-05:00", "2026-11-23T13:00:00Z",
                      "2026-11-23", "done", "sms", Json{{"tier", nullptr}}, false});
  auto all = store->summaries();
  ASSERT_EQ(all.size(), 2u);
  // Frank's program was saved last (his check-ins are older than every save): first.
  const ProgramSummary& f = all[0];
  const ProgramSummary& m = all[1];
  EXPECT_EQ(f.first_name, "Frank");
  EXPECT_EQ(f.last_checkin_utc, "2026-11-23T13:00:00Z");
  EXPECT_EQ(f.last_checkin_day, "2026-11-23");
  EXPECT_EQ(f.last_red_flag_day, "2026-11-22");
  EXPECT_EQ(m.program_id, maria->program_id);
  EXPECT_EQ(m.latest_version, 2);
  EXPECT_EQ(m.first_name, "Maria");
  EXPECT_EQ(m.visit_date, "2026-11-30");
  EXPECT_EQ(m.next_visit, "2026-12-07");
  EXPECT_EQ(m.condition, "knee");
  EXPECT_EQ(m.condition_id, "tka");
  EXPECT_EQ(m.last_checkin_utc, "");
  EXPECT_EQ(m.last_red_flag_day, "");
}

TEST(ProgramStore, IdsComeMostRecentlyActiveFirst) {
  auto store = open_sqlite_store(temp_db());
  auto older = store->save(std::nullopt, Json::object());
  auto newer = store->save(std::nullopt, Json::object());
  EXPECT_EQ(store->program_ids("", 10).front(), newer->program_id);
  // A check-in received later than every save makes the older program the most recent.
  store->add_checkin({0, older->program_id, "2999-01-01T08:00:00Z", "2999-01-01T08:00:00Z",
                      "2999-01-01", "done", "sms", Json::object(), false});
  EXPECT_EQ(store->program_ids("", 10).front(), older->program_id);
}

}  // namespace
}  // namespace ptmcp::tools::store
