#include <gtest/gtest.h>

#include "server/prompt_registry.h"
#include "server/resource_registry.h"
#include "server/tool_registry.h"

namespace ptmcp::server {
namespace {

ToolDefinition tool_named(std::string name) {
  return {std::move(name),
          "Title",
          "Does a thing.",
          {{"type", "object"}, {"properties", {{"x", {{"type", "string"}}}}}},
          {{"type", "object"}},
          {},
          [](const Json&, ToolContext&) { return ToolResult::success(Json::object()); }};
}

TEST(ToolNames, FollowTheContract) {
  EXPECT_TRUE(valid_tool_name("generate_hep"));
  EXPECT_TRUE(valid_tool_name("a"));
  EXPECT_TRUE(valid_tool_name(std::string(64, 'a')));
  EXPECT_FALSE(valid_tool_name(""));
  EXPECT_FALSE(valid_tool_name(std::string(65, 'a')));
  EXPECT_FALSE(valid_tool_name("Generate"));
  EXPECT_FALSE(valid_tool_name("generate-hep"));
  EXPECT_FALSE(valid_tool_name("generate.hep"));
}

TEST(ToolRegistry, RefusesBadAndDuplicateNames) {
  ToolRegistry registry;
  registry.add(tool_named("good_name"));
  EXPECT_THROW(registry.add(tool_named("good_name")), std::invalid_argument);
  EXPECT_THROW(registry.add(tool_named("Bad Name")), std::invalid_argument);
  EXPECT_EQ(registry.all().size(), 1u);
  ASSERT_NE(registry.find("good_name"), nullptr);
  EXPECT_EQ(registry.find("missing"), nullptr);
}

TEST(ToolRegistry, RefusesLongDescription) {
  ToolRegistry registry;
  auto tool = tool_named("t");
  tool.description = std::string(2049, 'x');
  EXPECT_THROW(registry.add(tool), std::invalid_argument);
}

TEST(ToolRegistry, RefusesNonPortableSchemas) {
  ToolRegistry registry;
  auto with_ref = tool_named("with_ref");
  with_ref.input_schema = {{"type", "object"},
                           {"properties", {{"x", {{"$ref", "#/$defs/x"}}}}},
                           {"$defs", {{"x", {{"type", "string"}}}}}};
  EXPECT_THROW(registry.add(with_ref), std::invalid_argument);

  auto top_any_of = tool_named("top_any_of");
  top_any_of.input_schema = {{"type", "object"}, {"anyOf", {{{"required", {"x"}}}}}};
  EXPECT_THROW(registry.add(top_any_of), std::invalid_argument);

  auto not_object = tool_named("not_object");
  not_object.output_schema = {{"type", "array"}};
  EXPECT_THROW(registry.add(not_object), std::invalid_argument);
}

TEST(ToolRegistry, ListingCarriesAnnotations) {
  ToolRegistry registry;
  auto tool = tool_named("reader");
  tool.annotations.read_only = true;
  registry.add(tool);
  const Json& listing = registry.find("reader")->listing;
  EXPECT_EQ(listing["annotations"]["readOnlyHint"], true);
  EXPECT_EQ(listing["annotations"]["destructiveHint"], false);
  EXPECT_EQ(listing["inputSchema"]["type"], "object");
  EXPECT_EQ(listing["outputSchema"]["type"], "object");
}

TEST(PromptRegistry, RefusesDuplicates) {
  PromptRegistry registry;
  PromptDefinition prompt{"p", "P", "d", {}, [](const Arguments&) {
                            return std::vector<PromptMessage>{{"user", "hi"}};
                          }};
  registry.add(prompt);
  EXPECT_THROW(registry.add(prompt), std::invalid_argument);
}

TEST(PromptText, FillsPlaceholdersWithoutEscaping) {
  EXPECT_EQ(render_prompt_text("Make {{name}}'s program for {{condition}}.",
                               {{"name", "Maria"}, {"condition", "knee <replacement> & rehab"}}),
            "Make Maria's program for knee <replacement> & rehab.");
}

TEST(Completion, FiltersByPrefixIgnoringCase) {
  EXPECT_EQ(complete_from({"Knee", "knuckle", "hip"}, "kn"),
            (std::vector<std::string>{"Knee", "knuckle"}));
  EXPECT_EQ(complete_from({"Knee", "hip"}, ""), (std::vector<std::string>{"Knee", "hip"}));
  EXPECT_TRUE(complete_from({"hip"}, "hips").empty());
}

TEST(UriTemplate, MatchesOneSegmentPerVariable) {
  auto vars = match_uri_template("ptmcp://programs/{program_id}", "ptmcp://programs/p-42");
  ASSERT_TRUE(vars);
  EXPECT_EQ(vars->at("program_id"), "p-42");
  auto page = match_uri_template("ptmcp://programs/{program_id}/page.html",
                                 "ptmcp://programs/p-42/page.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->at("program_id"), "p-42");
  EXPECT_EQ(match_uri_template("x://c/{name}", "x://c/knee%20replacement")->at("name"),
            "knee replacement");
  EXPECT_FALSE(match_uri_template("ptmcp://programs/{program_id}", "ptmcp://programs/a/b"));
  EXPECT_FALSE(match_uri_template("ptmcp://programs/{program_id}", "ptmcp://programs/"));
  EXPECT_FALSE(match_uri_template("ptmcp://programs/{program_id}/page.html",
                                  "ptmcp://programs/p-42/calendar.ics"));
}

TEST(ResourceRegistry, ReadsFixedThenTemplates) {
  ResourceRegistry registry;
  registry.add({"x://fixed", "fixed", "Fixed", "", "text/plain", [] {
                  return ResourceContents{"x://fixed", "text/plain", "F"};
                }});
  registry.add_template({"x://items/{id}",
                         "item",
                         "Item",
                         "",
                         "text/plain",
                         [](const Arguments& v) -> std::optional<ResourceContents> {
                           if (v.at("id") != "1") return std::nullopt;
                           return ResourceContents{"x://items/1", "text/plain", "one"};
                         },
                         {}});
  EXPECT_EQ(registry.read("x://fixed")->text, "F");
  EXPECT_EQ(registry.read("x://items/1")->text, "one");
  EXPECT_FALSE(registry.read("x://items/2"));
  EXPECT_FALSE(registry.read("x://nothing"));
  EXPECT_THROW(
      registry.add({"x://fixed", "", "", "", "", [] { return std::optional<ResourceContents>{}; }}),
      std::invalid_argument);
}

}  // namespace
}  // namespace ptmcp::server

namespace ptmcp::server {
namespace {

TEST(ResourceRegistry, ListsFixedResourcesThenWhatListersFindNow) {
  ResourceRegistry registry;
  registry.add({"x://fixed", "fixed", "Fixed", "A fixed one.", "text/plain",
                [] { return std::optional<ResourceContents>(); }});
  int calls = 0;
  registry.add_lister([&calls] {
    ++calls;
    return std::vector<ResourceDefinition>{
        {"x://item/" + std::to_string(calls), "item", "Item", "Listed.", "text/plain", {}}};
  });
  auto first = registry.listing();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].uri, "x://fixed");
  EXPECT_EQ(first[1].uri, "x://item/1");
  EXPECT_EQ(registry.listing()[1].uri, "x://item/2");  // asked again on every list
  EXPECT_EQ(registry.resources().size(), 1u);
}

}  // namespace
}  // namespace ptmcp::server
