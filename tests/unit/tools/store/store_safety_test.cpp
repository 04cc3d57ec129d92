// What the SQLite store does when its file is taken away, damaged, or could be read by
// others: no write is acknowledged that will not last, and patient data is private.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tools/store/program_store.h"

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

fs::path temp_folder() {
  return fs::temp_directory_path() / ("ptmcp-safety-" + std::to_string(std::random_device{}()));
}

StoredCheckin checkin(const std::string& program_id, const std::string& at) {
  StoredCheckin c;
  c.program_id = program_id;
  c.received_at = at;
  c.received_utc = at;
  c.local_date = at.substr(0, 10);
  c.message = "done";
  c.channel = "sms";
  c.parsed = Json::object();
  return c;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST(StoreSafety, ANewDataFolderAndDatabaseAreTheOwnersOnly) {
  const fs::path root = temp_folder();
  const fs::path db = root / "data" / "ptmcp.db";
  auto store = open_sqlite_store(db.string());
  auto saved = store->save(std::nullopt, Json{{"v", 1}});
  ASSERT_TRUE(saved);
  EXPECT_EQ(mode_of(root), 0700u);
  EXPECT_EQ(mode_of(root / "data"), 0700u);
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_EQ(mode_of(db.string() + "-wal"), 0600u);
  EXPECT_EQ(mode_of(db.string() + "-shm"), 0600u);
}

TEST(StoreSafety, AWriteIntoADeletedFileIsRefusedAndNothingIsAcknowledged) {
  const fs::path db = temp_folder() / "ptmcp.db";
  auto store = open_sqlite_store(db.string());
  auto saved = store->save(std::nullopt, Json{{"v", 1}});
  ASSERT_TRUE(saved);
  fs::remove(db);
  fs::remove(db.string() + "-wal");
  fs::remove(db.string() + "-shm");
  try {
    store->add_checkin(checkin(saved->program_id, "2026-12-01T08:00:00Z"));
    FAIL() << "a check-in into a deleted file was acknowledged";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("deleted or moved"), std::string::npos) << e.what();
  }
  // While the file is missing nothing is written, and no empty database takes its place.
  EXPECT_THROW(store->save(std::nullopt, Json{{"v", 2}}), StoreError);
  EXPECT_FALSE(fs::exists(db));
}

TEST(StoreSafety, AMovedFileIsRefusedAndTheStoreOpensItAgainWhenItIsBack) {
  const fs::path folder = temp_folder();
  const fs::path db = folder / "ptmcp.db";
  auto store = open_sqlite_store(db.string());
  auto saved = store->save(std::nullopt, Json{{"v", 1}});
  ASSERT_TRUE(saved);
  {
    // A backup copy, as a clinic would keep one.
    auto other = open_sqlite_store(db.string());
    other->load(saved->program_id);
  }
  fs::rename(db, folder / "moved.db");
  EXPECT_THROW(store->save(saved->program_id, Json{{"v", 2}}), StoreError);
  fs::rename(folder / "moved.db", db);  // back where it was
  auto again = store->save(saved->program_id, Json{{"v", 2}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, 2);
  EXPECT_EQ(open_sqlite_store(db.string())->load(saved->program_id)->version, 2);
}

TEST(StoreSafety, ADamagedFileIsReadButNeverWritten) {
  const fs::path db = temp_folder() / "ptmcp.db";
  std::string id;
  {
    auto store = open_sqlite_store(db.string());
    for (int i = 0; i < 200; ++i) {
      auto saved = store->save(std::nullopt, Json{{"text", std::string(200, 'x')}, {"i", i}});
      id = saved->program_id;
    }
  }  // the last connection closes: the WAL is checkpointed into the file
  ASSERT_GT(fs::file_size(db), 4u * 4096);
  {
    // Scribble over the third page (a b-tree page of a table or an index).
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(2 * 4096 + 8);
    const std::string junk(2000, '\x55');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto size_before = fs::file_size(db);
  auto store = open_sqlite_store(db.string());
  try {
    store->save(std::nullopt, Json{{"v", 1}});
    FAIL() << "a program was saved into a damaged file";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    EXPECT_NE(e.next_step().find("backup"), std::string::npos) << e.next_step();
  }
  EXPECT_THROW(store->add_checkin(checkin(id, "2026-12-01T08:00:00Z")), StoreError);
  EXPECT_EQ(fs::file_size(db), size_before);
}

TEST(StoreSafety, AFileThatIsNotADatabaseSaysToRestoreFromABackup) {
  const fs::path folder = temp_folder();
  fs::create_directories(folder);
  const fs::path db = folder / "ptmcp.db";
  std::ofstream(db) << std::string(8192, 'n');
  auto store = open_sqlite_store(db.string());
  try {
    store->load("p-anything");
    FAIL() << "a file that is not a database was read";
  } catch (const StoreError& e) {
    EXPECT_NE(e.next_step().find("backup"), std::string::npos) << e.next_step();
  }
}

}  // namespace
}  // namespace ptmcp::tools::store
