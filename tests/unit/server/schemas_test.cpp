// Walks every schema the binary carries (files under schemas/ and every registered tool's
// input and output schema) and holds them to the portable subset.
#include <gtest/gtest.h>

#include "server/application.h"
#include "server/assets.h"
#include "server/schema_rules.h"
#include "server/schema_validator.h"
#include "tools/application.h"

namespace ptmcp::server {
namespace {

TEST(Schemas, PortableSubsetRejectsWhatClientsChokeOn) {
  EXPECT_FALSE(portable_schema_violations({{"type", "object"}, {"$defs", Json::object()}}).empty());
  EXPECT_FALSE(portable_schema_violations({{"type", "object"}, {"oneOf", Json::array()}}).empty());
  EXPECT_FALSE(portable_schema_violations({{"type", "string"}}).empty());
  EXPECT_FALSE(portable_schema_violations(
                   {{"type", "object"},
                    {"properties", {{"a", {{"type", "array"}, {"items", Json::array()}}}}}})
                   .empty());
  EXPECT_FALSE(portable_schema_violations(
                   {{"type", "object"}, {"properties", {{"a", {{"exclusiveMinimum", true}}}}}})
                   .empty());
  EXPECT_TRUE(
      portable_schema_violations(
          {{"type", "object"},
           {"properties", {{"a", {{"anyOf", {{{"type", "string"}}, {{"type", "null"}}}}}}}}})
          .empty());
}

TEST(Schemas, EveryEmbeddedSchemaFileIsPortableAndCompiles) {
  for (const auto& asset : assets_under("schemas/")) {
    SCOPED_TRACE(std::string(asset.path));
    Json schema = Json::parse(asset.content);
    EXPECT_EQ(portable_schema_violations(schema), std::vector<std::string>{});
    EXPECT_NO_THROW(SchemaValidator{schema});
  }
}

TEST(Schemas, EveryRegisteredToolSchemaIsPortable) {
  Catalog catalog;
  catalog.identity = tools::application().identity;
  tools::application().populate(catalog, RuntimeOptions{});
  add_engine_fixtures(catalog);
  ASSERT_FALSE(catalog.tools.all().empty());
  for (const auto& tool : catalog.tools.all()) {
    SCOPED_TRACE(tool.definition.name);
    EXPECT_EQ(portable_schema_violations(tool.definition.input_schema), std::vector<std::string>{});
    EXPECT_EQ(portable_schema_violations(tool.definition.output_schema),
              std::vector<std::string>{});
    EXPECT_LE(tool.definition.description.size(), 2048u);
  }
}

}  // namespace
}  // namespace ptmcp::server
