#include "server/schema_validator.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

const Json kSchema = {
    {"type", "object"},
    {"properties",
     {{"patient",
       {{"type", "object"},
        {"properties", {{"name", {{"type", "string"}, {"minLength", 1}, {"examples", {"Maria"}}}}}},
        {"required", {"name"}}}},
      {"days",
       {{"type", "array"},
        {"items", {{"type", "string"}, {"enum", {"mon", "tue", "wed"}}}},
        {"minItems", 1}}},
      {"sets", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10}}},
      {"date", {{"type", "string"}, {"format", "date"}}}}},
    {"required", {"patient", "days"}},
    {"additionalProperties", false}};

TEST(SchemaValidator, AcceptsAValidDocument) {
  SchemaValidator validator(kSchema);
  EXPECT_TRUE(validator.validate({{"patient", {{"name", "Maria"}}}, {"days", {"mon"}}}).empty());
}

TEST(SchemaValidator, MissingRequiredPointsAtTheMissingField) {
  SchemaValidator validator(kSchema);
  auto problems = validator.validate({{"patient", Json::object()}, {"days", {"mon"}}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/patient/name");
  EXPECT_EQ(problems[0].message, "is required but missing");
  EXPECT_EQ(problems[0].example, "Maria");
}

TEST(SchemaValidator, WrongTypeNamesTheType) {
  SchemaValidator validator(kSchema);
  auto problems =
      validator.validate({{"patient", {{"name", "M"}}}, {"days", {"mon"}}, {"sets", "two"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/sets");
  EXPECT_EQ(problems[0].message, "must be of type integer");
  EXPECT_EQ(problems[0].example, 1);
}

TEST(SchemaValidator, EnumInsideArrayListsTheOptions) {
  SchemaValidator validator(kSchema);
  auto problems = validator.validate({{"patient", {{"name", "M"}}}, {"days", {"mon", "someday"}}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/days/1");
  EXPECT_NE(problems[0].message.find("\"tue\""), std::string::npos);
  EXPECT_EQ(problems[0].example, "mon");
}

TEST(SchemaValidator, UnknownFieldIsNamed) {
  SchemaValidator validator(kSchema);
  auto problems =
      validator.validate({{"patient", {{"name", "M"}}}, {"days", {"mon"}}, {"dob", "1950"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/dob");
  EXPECT_NE(problems[0].message.find("not a known field"), std::string::npos);
}

TEST(SchemaValidator, ReportsEveryProblem) {
  SchemaValidator validator(kSchema);
  auto problems = validator.validate({{"sets", 99}});
  std::vector<std::string> pointers;
  for (const auto& p : problems)
    pointers.push_back(p.pointer);
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/patient"), pointers.end());
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/days"), pointers.end());
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/sets"), pointers.end());
}

TEST(SchemaValidator, DescribesProblemsForTheAssistant) {
  std::string text = describe_problems({{"/sets", "must be of type integer", 1}});
  EXPECT_NE(text.find("1. /sets: must be of type integer; for example 1"), std::string::npos);
}

TEST(SchemaValidator, ExampleForFormats) {
  EXPECT_EQ(example_at(kSchema, "/date"), "2026-11-30");
  EXPECT_TRUE(example_at(kSchema, "/nowhere").is_null());
}

TEST(SchemaValidator, RefusesAnInvalidSchema) {
  EXPECT_THROW(SchemaValidator(Json{{"type", 5}}), std::invalid_argument);
}

}  // namespace
}  // namespace ptmcp::server
