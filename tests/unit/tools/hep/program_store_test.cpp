// The ProgramStore contract, run against every store: SQLite and PostgreSQL.
#include "tools/store/program_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include "tests/unit/tools/store/test_databases.h"

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;

std::string temp_db() {
  auto dir = std::filesystem::temp_directory_path() /
             ("ptmcp-store-" + std::to_string(std::random_device{}()));
  return (dir / "sub" / "ptmcp.db").string();  // a folder that does not exist yet
}

// Each test gets a new, empty database of the kind it is run for.
class EveryStore : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    address_ = testing::fresh_database(GetParam());
    if (address_.empty())
      GTEST_SKIP() << "PostgreSQL is not installed (apt-get install postgresql)";
    if (GetParam() == "sqlite") address_ = temp_db();  // in a folder that does not exist yet
  }
  // Another connection (pool) to the same database, as another ptmcp would have.
  std::unique_ptr<ProgramStore> open(std::size_t connections = 4) {
    return open_store(address_, connections);
  }
  std::string address_;
};

INSTANTIATE_TEST_SUITE_P(Stores, EveryStore, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(EveryStore, SavesVersionsAndKeepsEarlierOnes) {
  auto store = open();
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

TEST_P(EveryStore, ListsIdsByPrefix) {
  auto store = open();
  auto a = store->save(std::nullopt, Json::object());
  store->save(std::nullopt, Json::object());
  EXPECT_EQ(store->program_ids("", 10).size(), 2u);
  auto found = store->program_ids(a->program_id.substr(0, 8), 10);
  EXPECT_NE(std::find(found.begin(), found.end(), a->program_id), found.end());
  EXPECT_TRUE(store->program_ids("zzz", 10).empty());
}

TEST_P(EveryStore, TwoConnectionsWritingAtOnceLoseNothing) {
  auto one = open();
  auto two = open();
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
  auto reader = open();
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

TEST_P(EveryStore, KeepsEachVersionsChanges) {
  auto store = open();
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

TEST_P(EveryStore, AVersionSavedWithoutChangesHasNone) {
  // Saved without a summary (as tools other than generate_hep may): an empty list.
  auto store = open();
  auto first = store->save(std::nullopt, Json{{"v", 1}});
  EXPECT_EQ(store->load(first->program_id)->changes, Json::array());
}

Json program(const std::string& name, const std::string& visit, const std::string& next) {
  return {
      {"patient", {{"name", name}}},
      {"visit",
       {{"date", visit}, {"next_visit", next}, {"condition", "knee"}, {"condition_id", "tka"}}}};
}

TEST_P(EveryStore, SummariesCarryTheLatestVersionAndTheCheckins) {
  auto store = open();
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

TEST_P(EveryStore, IdsComeMostRecentlyActiveFirst) {
  auto store = open();
  auto older = store->save(std::nullopt, Json::object());
  auto newer = store->save(std::nullopt, Json::object());
  EXPECT_EQ(store->program_ids("", 10).front(), newer->program_id);
  // A check-in received later than every save makes the older program the most recent.
  store->add_checkin({0, older->program_id, "2999-01-01T08:00:00Z", "2999-01-01T08:00:00Z",
                      "2999-01-01", "done", "sms", Json::object(), false});
  EXPECT_EQ(store->program_ids("", 10).front(), older->program_id);
}

StoredCheckin checkin(const std::string& program_id, const std::string& at,
                      const std::string& message) {
  return {0, program_id, at, at, at.substr(0, 10), message, "sms", Json{{"tier", nullptr}}, false};
}

TEST_P(EveryStore, ACheckinIsKeptOnceAndCheckinsComeOldestFirst) {
  auto store = open();
  auto p = store->save(std::nullopt, Json::object());
  auto later = store->add_checkin(checkin(p->program_id, "2026-11-22T08:00:00Z", "done"));
  auto earlier = store->add_checkin(checkin(p->program_id, "2026-11-21T08:00:00Z", "did 2"));
  EXPECT_FALSE(later.duplicate);
  auto again = store->add_checkin(checkin(p->program_id, "2026-11-22T08:00:00Z", "done"));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.id, later.id);
  EXPECT_EQ(again.message, "done");
  // The same words at another time are another check-in.
  store->add_checkin(checkin(p->program_id, "2026-11-23T08:00:00Z", "done"));
  auto all = store->checkins(p->program_id);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, earlier.id);
  EXPECT_EQ(all[0].message, "did 2");
  EXPECT_EQ(all[0].parsed, Json({{"tier", nullptr}}));
  EXPECT_EQ(all[1].id, later.id);
  EXPECT_EQ(all[2].received_at, "2026-11-23T08:00:00Z");
  EXPECT_TRUE(store->checkins("p-missing").empty());
}

TEST_P(EveryStore, KeepsTheOptOutState) {
  auto store = open();
  auto p = store->save(std::nullopt, Json::object());
  EXPECT_FALSE(store->opted_out(p->program_id));
  store->set_opted_out(p->program_id, true);
  store->set_opted_out(p->program_id, true);  // STOP twice is still one opt-out
  EXPECT_TRUE(open()->opted_out(p->program_id));
  store->set_opted_out(p->program_id, false);
  EXPECT_FALSE(store->opted_out(p->program_id));
  store->audit("record_checkin", p->program_id, "ok");  // an audit line never throws here
  store->audit("search_exercises", "", "ok");
}

// Two ptmcp instances (two stores, each with its own connections) revising one program and
// recording its check-ins at once: every version number is given once, every acknowledged
// check-in is kept, and the same message sent to both is recorded once.
TEST_P(EveryStore, TwoInstancesRevisingOneProgramNeverShareAVersionNumber) {
  auto one = open(2);
  auto two = open(2);
  const std::string id = one->save(std::nullopt, Json{{"v", 0}})->program_id;
  constexpr int kPerThread = 20;
  std::mutex mutex;
  std::vector<int> numbers;
  std::vector<std::int64_t> checkin_ids;
  int acknowledged_firsts = 0;
  auto writer = [&](ProgramStore& store, int thread) {
    for (int i = 0; i < kPerThread; ++i) {
      auto saved = store.save(id, Json{{"thread", thread}, {"i", i}});
      const std::string at = "2026-12-0" + std::to_string(thread + 1) +
                             "T08:00:" + (i < 10 ? "0" : "") + std::to_string(i) + "Z";
      auto own = store.add_checkin(checkin(id, at, "done " + std::to_string(thread)));
      // Both instances receive this one (a gateway sending it twice): kept once.
      auto shared = store.add_checkin(checkin(
          id, "2026-12-09T09:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "Z",
          "did 3"));
      std::lock_guard lock(mutex);
      numbers.push_back(saved->version);
      checkin_ids.push_back(own.id);
      if (!shared.duplicate) ++acknowledged_firsts;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back(writer, std::ref(t % 2 == 0 ? *one : *two), t);
  for (auto& t : threads)
    t.join();

  std::sort(numbers.begin(), numbers.end());
  std::vector<int> expected(4 * kPerThread);
  std::iota(expected.begin(), expected.end(), 2);
  EXPECT_EQ(numbers, expected);  // 2, 3, ... each once
  auto reader = open();
  auto versions = reader->versions(id);
  ASSERT_EQ(versions.size(), 4u * kPerThread + 1);
  for (std::size_t i = 0; i < versions.size(); ++i)
    EXPECT_EQ(versions[i].version, static_cast<int>(i) + 1);
  EXPECT_EQ(reader->load(id)->version, 4 * kPerThread + 1);
  auto kept = reader->checkins(id);
  EXPECT_EQ(kept.size(), 4u * kPerThread + kPerThread);  // each thread's own, plus one per shared
  EXPECT_EQ(acknowledged_firsts, kPerThread);
  std::set<std::int64_t> kept_ids;
  for (const auto& c : kept)
    kept_ids.insert(c.id);
  for (auto cid : checkin_ids)
    EXPECT_TRUE(kept_ids.count(cid)) << cid;
}

// What only the PostgreSQL store does: connections that break and servers that are gone.
class PostgresStore : public EveryStore {};
INSTANTIATE_TEST_SUITE_P(Stores, PostgresStore, ::testing::Values("postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(PostgresStore, AConnectionTheServerDroppedIsMadeAgainAndTheCallSucceeds) {
  auto store = open(1);  // one connection, so the next call meets the dropped one
  auto saved = store->save(std::nullopt, Json{{"v", 1}});
  ASSERT_TRUE(saved);
  // As a database restart or a proxy's idle timeout would: every other session ends.
  testing::run_sql(address_,
                   "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                   "pg_backend_pid() AND datname = current_database()");
  auto again = store->save(saved->program_id, Json{{"v", 2}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, 2);
  EXPECT_EQ(store->load(saved->program_id)->program["v"], 2);
}

TEST_P(PostgresStore, AServerThatCannotBeReachedIsAStoreErrorThatSaysWhatToDo) {
  // A socket folder with no server in it.
  auto store = open_store("postgresql:///ptmcp?host=/nonexistent-ptmcp-socket&user=ptmcp", 2);
  try {
    store->load("p-anything");
    FAIL() << "loaded from no server";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be reached"), std::string::npos) << e.what();
    EXPECT_NE(e.next_step().find("PostgreSQL server is running"), std::string::npos)
        << e.next_step();
  }
}

TEST_P(EveryStore, TheSameMessageManyTimesAtOnceIsOneCheckin) {
  // Many connections sending one check-in together: the database decides, not a read.
  auto store = open(8);
  auto p = store->save(std::nullopt, Json::object());
  std::atomic<int> firsts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      if (!store->add_checkin(checkin(p->program_id, "2026-12-01T08:00:00Z", "done")).duplicate)
        ++firsts;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(firsts.load(), 1);
  EXPECT_EQ(store->checkins(p->program_id).size(), 1u);
}

}  // namespace
}  // namespace ptmcp::tools::store
