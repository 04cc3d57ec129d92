// generate_hep with save: false, as the program preview app calls it while the therapist
// edits: the same checks and renderings, numbered as the version a save would make, and
// nothing stored.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "server/catalog.h"
#include "tools/hep/generate_hep.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

class Preview : public ::testing::Test {
 protected:
  Preview() {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ptmcp-preview-" + std::to_string(std::random_device{}()));
    store_ =
        std::shared_ptr<store::ProgramStore>(store::open_sqlite_store((dir / "t.db").string()));
    add_generate_hep(catalog_, {store_, HepLimits{}, Clinic{}});
  }

  static Json knee() {
    std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
    return Json::parse(file);
  }

  server::ToolResult run(const Json& args) {
    server::ToolContext context;
    return catalog_.tools.find("generate_hep")->definition.handler(args, context);
  }

  server::Catalog catalog_;
  std::shared_ptr<store::ProgramStore> store_;
};

TEST_F(Preview, ANewProgramIsCheckedAndRenderedButNotStored) {
  Json args = knee();
  args["save"] = false;
  args["formats"] = {"html", "ics"};
  const auto result = run(args);
  ASSERT_FALSE(result.is_error) << result.text;
  EXPECT_EQ(result.structured["saved"], false);
  EXPECT_EQ(result.structured["version"], 1);
  EXPECT_FALSE(result.structured.contains("resources"));
  EXPECT_NE(result.structured["artifacts"]["html"].get<std::string>().find("Maria"),
            std::string::npos);
  EXPECT_TRUE(
      result.text.starts_with("A preview for Maria, not saved: saving it would make a "
                              "new program."))
      << result.text;
  EXPECT_EQ(result.text.find("Printable page:"), std::string::npos);
  EXPECT_TRUE(store_->summaries().empty()) << "nothing stored";
}

TEST_F(Preview, ARevisionPreviewNamesTheNextVersionAndItsChangesAndStoresNothing) {
  const auto first = run(knee());
  ASSERT_FALSE(first.is_error) << first.text;
  EXPECT_EQ(first.structured["saved"], true);
  const std::string id = first.structured["program_id"];

  Json edited = knee();
  edited["program_id"] = id;
  edited["exercises"][0]["dose"]["reps"] = 12;
  edited["save"] = false;
  const auto preview = run(edited);
  ASSERT_FALSE(preview.is_error) << preview.text;
  EXPECT_EQ(preview.structured["saved"], false);
  EXPECT_EQ(preview.structured["version"], 2);
  EXPECT_EQ(preview.structured["program_id"], id);
  EXPECT_NE(preview.structured["changes"].dump().find("12"), std::string::npos)
      << preview.structured["changes"];
  EXPECT_NE(preview.text.find("version 2 of program " + id), std::string::npos) << preview.text;
  EXPECT_EQ(store_->load(id)->version, 1) << "a preview saves nothing";

  edited.erase("save");
  const auto saved = run(edited);
  ASSERT_FALSE(saved.is_error) << saved.text;
  EXPECT_EQ(saved.structured["version"], 2);
  EXPECT_EQ(store_->load(id)->version, 2);
}

TEST_F(Preview, APreviewIsRefusedForWhatASaveWouldBeRefusedFor) {
  Json args = knee();
  args["save"] = false;
  args["program_id"] = "no-such-program";
  const auto unknown = run(args);
  EXPECT_TRUE(unknown.is_error);
  EXPECT_NE(unknown.text.find("no program has the id"), std::string::npos) << unknown.text;

  Json vague = knee();
  vague["save"] = false;
  vague["schedule"]["trigger"] = "sometime in the day";
  EXPECT_TRUE(run(vague).is_error);
}

}  // namespace
}  // namespace ptmcp::tools::hep
