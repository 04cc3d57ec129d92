// Every clinical data file against its schema: the data is under version control and a
// one-line change to it must still be checked.
#include <gtest/gtest.h>

#include "server/assets.h"
#include "server/schema_validator.h"

namespace ptmcp::tools {
namespace {

using server::Json;

struct DataFile {
  const char* data;
  const char* schema;
};

class DataFiles : public ::testing::TestWithParam<DataFile> {};

TEST_P(DataFiles, MatchTheirSchema) {
  const auto& file = GetParam();
  server::SchemaValidator validator(Json::parse(server::require_asset(file.schema)));
  auto problems = validator.validate(Json::parse(server::require_asset(file.data)));
  for (const auto& p : problems)
    ADD_FAILURE() << file.data << " " << p.pointer << ": " << p.message;
}

INSTANTIATE_TEST_SUITE_P(
    Clinical, DataFiles,
    ::testing::Values(
        DataFile{"data/text/jargon.json", "schemas/data/jargon.json"},
        DataFile{"data/text/syllable_exceptions.json", "schemas/data/syllable_exceptions.json"},
        DataFile{"data/text/emoji_words.json", "schemas/data/emoji_words.json"},
        DataFile{"data/library/exercises.json", "schemas/data/exercises.json"},
        DataFile{"data/library/conditions.json", "schemas/data/conditions.json"},
        DataFile{"data/clinical/warning_signs.json", "schemas/data/warning_signs.json"},
        DataFile{"data/clinical/checkin_lexicon.json", "schemas/data/checkin_lexicon.json"},
        DataFile{"data/clinical/checkin_guard_words.json", "schemas/data/checkin_guard_words.json"},
        DataFile{"data/config/hep_limits.json", "schemas/data/hep_limits.json"},
        DataFile{"data/clinical/note_rules.json", "schemas/data/note_rules.json"},
        DataFile{"data/billing/cpt.json", "schemas/data/cpt.json"},
        DataFile{"data/billing/payer_rules.json", "schemas/data/payer_rules.json"},
        DataFile{"data/billing/ptp_pairs.json", "schemas/data/ptp_pairs.json"},

        DataFile{"data/config/checkins.json", "schemas/data/checkins.json"},
        DataFile{"data/clinical/checkin_replies.json", "schemas/data/checkin_replies.json"}));

TEST(DataFiles, EveryDataFileHasASchemaTest) {
  // A new data file must be added to the list above.
  std::size_t json_files = 0;
  for (const auto& asset : server::assets_under("data/")) {
    if (asset.path.ends_with(".json")) ++json_files;
  }
  EXPECT_EQ(json_files, 16u);
}

}  // namespace
}  // namespace ptmcp::tools
