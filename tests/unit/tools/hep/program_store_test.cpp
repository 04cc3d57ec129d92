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

}  // namespace
}  // namespace ptmcp::tools::store
