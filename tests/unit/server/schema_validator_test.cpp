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

TEST(SchemaValidator, ChecksDatesTimesAndDateTimes) {
  const Json schema = {{"type", "object"},
                       {"properties",
                        {{"day", {{"type", "string"}, {"format", "date"}}},
                         {"at", {{"type", "string"}, {"format", "time"}}},
                         {"sent", {{"type", "string"}, {"format", "date-time"}}}}}};
  SchemaValidator validator(schema);
  for (const char* day : {"2026-11-30", "2028-02-29", "2000-02-29", "2026-12-31"})
    EXPECT_TRUE(validator.validate({{"day", day}}).empty()) << day;
  for (const char* day :
       {"2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-11-00",
        "26-11-30", "2026-1-30", "2026/11/30", "tomorrow", "", "2026-11-30T07:00:00Z"})
    EXPECT_EQ(validator.validate({{"day", day}}).size(), 1u) << day;
  for (const char* at : {"07:20:00Z", "23:59:60+00:00", "07:20:00.125-05:00", "07:20:00z"})
    EXPECT_TRUE(validator.validate({{"at", at}}).empty()) << at;
  for (const char* at : {"7:20:00Z", "24:00:00Z", "07:60:00Z", "07:20:00", "07:20:00.Z",
                         "07:20:00+5:00", "07:20:00+05:60", "07:20Z"})
    EXPECT_EQ(validator.validate({{"at", at}}).size(), 1u) << at;
  for (const char* sent : {"2026-11-24T07:20:00-05:00", "2026-11-24t07:20:00.5Z"})
    EXPECT_TRUE(validator.validate({{"sent", sent}}).empty()) << sent;
  for (const char* sent :
       {"2026-11-24 07:20:00Z", "2026-11-31T07:20:00Z", "2026-11-24T07:20:00", "2026-11-24"})
    EXPECT_EQ(validator.validate({{"sent", sent}}).size(), 1u) << sent;
}

TEST(SchemaValidator, AFormatProblemPointsAtTheValueWithAnExample) {
  const Json schema = {
      {"type", "object"},
      {"properties",
       {{"visits",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties", {{"on", {{"type", "string"}, {"format", "date"}}}}}}}}}}},
      {"additionalProperties", {{"type", "string"}, {"format", "date"}}}};
  SchemaValidator validator(schema);
  auto problems = validator.validate(
      {{"visits", {{{"on", "2026-11-30"}}, {{"on", "next Tuesday"}}}}, {"extra", "2026-02-30"}});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].pointer, "/extra");
  EXPECT_EQ(problems[1].pointer, "/visits/1/on");
  EXPECT_EQ(problems[1].message, "must be a valid date");
  EXPECT_EQ(problems[1].example, "2026-11-30");
  // A format that is not a string's is the type's problem alone.
  problems = validator.validate({{"visits", {{{"on", 20261130}}}}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "must be of type string");
}

TEST(SchemaValidator, ReportsFormatAndOtherProblemsTogether) {
  SchemaValidator validator(kSchema);
  auto problems =
      validator.validate({{"patient", {{"name", "M"}}}, {"days", {"sun"}}, {"date", "2026-02-30"}});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].pointer, "/days/0");
  EXPECT_EQ(problems[1].pointer, "/date");
}

TEST(SchemaValidator, RefusesAnInvalidSchema) {
  EXPECT_THROW(SchemaValidator(Json{{"type", 5}}), std::invalid_argument);
}

}  // namespace
}  // namespace ptmcp::server
