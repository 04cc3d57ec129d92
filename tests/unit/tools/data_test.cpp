// Every data file against its schema, found by walking schemas/data/: the data is under
// version control and a one-line change to it must still be checked. A data file without a
// schema, or a schema without its data file, fails.
#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "server/assets.h"
#include "server/schema_validator.h"

namespace ptmcp::tools {
namespace {

using server::Json;

// Each schema under schemas/data/ checks the one data file of the same name under data/, or
// every file of a folder of that name (schemas/data/messages.json checks data/messages/*.json,
// one per language).
std::vector<std::string> data_files_named(std::string_view file_name) {
  std::vector<std::string> found;
  for (const auto& asset : server::assets_under("data/")) {
    const auto slash = asset.path.rfind('/');
    if (asset.path.substr(slash + 1) == file_name) found.emplace_back(asset.path);
  }
  return found;
}

// The same data in another language beside it: data/text/jargon_es.json is checked by
// schemas/data/jargon.json.
std::string without_language(const std::string& file_name) {
  static const std::regex suffix(R"(^(.+)_[a-z]{2}\.json$)");
  std::smatch m;
  return std::regex_match(file_name, m, suffix) ? m[1].str() + ".json" : file_name;
}

std::vector<std::string> other_languages_of(std::string_view file_name) {
  std::vector<std::string> found;
  for (const auto& asset : server::assets_under("data/")) {
    const std::string name(asset.path.substr(asset.path.rfind('/') + 1));
    if (name != file_name && without_language(name) == file_name &&
        !server::find_asset("schemas/data/" + name))
      found.emplace_back(asset.path);
  }
  return found;
}

std::vector<std::string> data_folder_named(std::string_view file_name) {
  const std::string folder =
      "data/" + std::string(file_name.substr(0, file_name.rfind(".json"))) + "/";
  std::vector<std::string> found;
  for (const auto& asset : server::assets_under(folder))
    found.emplace_back(asset.path);
  return found;
}

TEST(DataFiles, EverySchemaChecksItsDataFile) {
  std::size_t schemas = 0;
  for (const auto& schema : server::assets_under("schemas/data/")) {
    ++schemas;
    const std::string_view name = schema.path.substr(schema.path.rfind('/') + 1);
    auto data = data_files_named(name);
    const auto folder = data_folder_named(name);
    ASSERT_EQ(data.size() + (folder.empty() ? 0 : 1), 1u)
        << schema.path << " has " << data.size() << " data files of its name under data/";
    if (data.empty()) data = folder;
    for (auto& other : other_languages_of(name))
      data.push_back(std::move(other));
    server::SchemaValidator validator(Json::parse(schema.content));
    for (const auto& file : data) {
      for (const auto& p : validator.validate(Json::parse(server::require_asset(file))))
        ADD_FAILURE() << file << " " << p.pointer << ": " << p.message;
    }
  }
  EXPECT_GT(schemas, 0u);
}

TEST(DataFiles, EveryDataFileHasASchema) {
  for (const auto& asset : server::assets_under("data/")) {
    if (!asset.path.ends_with(".json")) continue;
    const std::string name(asset.path.substr(asset.path.rfind('/') + 1));
    const std::string folder(asset.path.substr(0, asset.path.rfind('/')));
    const std::string folder_schema = folder.substr(folder.rfind('/') + 1) + ".json";
    EXPECT_TRUE(server::find_asset("schemas/data/" + name) ||
                server::find_asset("schemas/data/" + without_language(name)) ||
                server::find_asset("schemas/data/" + folder_schema))
        << asset.path << " has no schema";
  }
}

// The schemas keep the Spanish text and the general warning signs from going missing.
TEST(DataFiles, SpanishTextAndGeneralWarningSignsAreRequired) {
  auto refused = [](const char* name, const std::function<void(Json&)>& change) {
    server::SchemaValidator validator(
        Json::parse(server::require_asset(std::string("schemas/data/") + name)));
    Json data = Json::parse(server::require_asset(data_files_named(name).at(0)));
    EXPECT_TRUE(validator.validate(data).empty()) << name;
    change(data);
    return !validator.validate(data).empty();
  };
  EXPECT_TRUE(refused("exercises.json", [](Json& d) { d["exercises"][0].erase("es"); }));
  EXPECT_TRUE(
      refused("exercises.json", [](Json& d) { d["exercises"][5]["es"].erase("precautions"); }));
  EXPECT_TRUE(refused("conditions.json", [](Json& d) { d["conditions"][0].erase("es"); }));
  EXPECT_TRUE(refused("warning_signs.json", [](Json& d) { d["profiles"]["back"][0].erase("es"); }));
  EXPECT_TRUE(
      refused("warning_signs.json", [](Json& d) { d["profiles"]["general"][0].erase("es"); }));
  EXPECT_TRUE(
      refused("warning_signs.json", [](Json& d) { d["profiles"]["general"] = Json::array(); }));
  EXPECT_TRUE(refused("warning_signs.json", [](Json& d) { d["profiles"].erase("general"); }));
}

}  // namespace
}  // namespace ptmcp::tools
