// find_programs: each filter on hand-made summaries (today is Tuesday, December 1, 2026),
// then paging through the tool with a real store.
#include "tools/programs/find_programs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include "tools/hep/dates.h"

namespace ptmcp::tools::programs {
namespace {

using Json = nlohmann::json;
using store::ProgramSummary;

const auto kToday = *hep::parse_date("2026-12-01");

std::vector<ProgramSummary> clinic() {
  ProgramSummary maria{"p-maria",
                       2,
                       "2026-11-30T18:00:00Z",
                       "Mar\xC3\xAD"
                       "a",
                       "Right total knee replacement, 3 weeks after surgery",
                       "tka",
                       "2026-11-30",
                       "2026-12-07",
                       "2026-12-01T12:00:00Z",
                       "2026-12-01",
                       ""};
  // Last check-in November 24, a red flag on the 22nd, after his visit of the 20th.
  ProgramSummary jose{"p-jose",
                      1,
                      "2026-11-20T18:00:00Z",
                      "Jos\xC3\xA9",
                      "Low back pain",
                      "low-back",
                      "2026-11-20",
                      "2026-11-27",
                      "2026-11-24T13:00:00Z",
                      "2026-11-24",
                      "2026-11-22"};
  // No check-in since the visit of November 28; a red flag from before that visit.
  ProgramSummary ngoc{"p-ngoc",
                      3,
                      "2026-11-28T18:00:00Z",
                      "Nguy\xE1\xBB\x85n",
                      "Left knee replacement",
                      "tka",
                      "2026-11-28",
                      "2026-12-05",
                      "",
                      "",
                      "2026-11-21"};
  return {maria, jose, ngoc};
}

std::vector<std::string> ids(const ProgramQuery& q) {
  std::vector<std::string> out;
  for (const auto& s : matching(clinic(), q))
    out.push_back(s.program_id);
  return out;
}

using Ids = std::vector<std::string>;

ProgramQuery today() {
  ProgramQuery q;
  q.today = kToday;
  return q;
}

TEST(FindPrograms, NoFilterFindsAllInTheStoresOrder) {
  EXPECT_EQ(ids(today()), (Ids{"p-maria", "p-jose", "p-ngoc"}));
}

TEST(FindPrograms, FirstNamePrefixFoldsCaseAndAccents) {
  ProgramQuery q = today();
  q.first_name = "mari";
  EXPECT_EQ(ids(q), (Ids{"p-maria"}));
  q.first_name = "JOS\xC3\x89";
  EXPECT_EQ(ids(q), (Ids{"p-jose"}));
  q.first_name = "nguyen";
  EXPECT_EQ(ids(q), (Ids{"p-ngoc"}));
  q.first_name = "aria";  // a prefix, not any part
  EXPECT_TRUE(ids(q).empty());
}

TEST(FindPrograms, ConditionByLibraryConditionOrWords) {
  ProgramQuery q = today();
  q.condition = "TKA";  // the library's knee replacement: both knee programs
  EXPECT_EQ(ids(q), (Ids{"p-maria", "p-ngoc"}));
  q.condition = "back pain";  // words of the condition
  EXPECT_EQ(ids(q), (Ids{"p-jose"}));
}

TEST(FindPrograms, VisitDateRangeIsInclusive) {
  ProgramQuery q = today();
  q.visit_from = hep::parse_date("2026-11-28");
  EXPECT_EQ(ids(q), (Ids{"p-maria", "p-ngoc"}));
  q.visit_to = hep::parse_date("2026-11-28");
  EXPECT_EQ(ids(q), (Ids{"p-ngoc"}));
}

TEST(FindPrograms, NextVisitOverdue) {
  ProgramQuery q = today();
  q.next_visit_overdue = true;  // only José's, November 27, is before December 1
  EXPECT_EQ(ids(q), (Ids{"p-jose"}));
}

TEST(FindPrograms, NoCheckinInSomeDays) {
  ProgramQuery q = today();
  q.no_checkin_days = 5;  // José: last November 24, 7 days ago; Nguyễn: visit 3 days ago
  EXPECT_EQ(ids(q), (Ids{"p-jose"}));
  q.no_checkin_days = 3;  // Nguyễn: no check-in since the visit of November 28, 3 days
  EXPECT_EQ(ids(q), (Ids{"p-jose", "p-ngoc"}));
  q.no_checkin_days = 8;
  EXPECT_TRUE(ids(q).empty());
}

TEST(FindPrograms, RedFlagOpenSinceTheLatestVisit) {
  ProgramQuery q = today();
  q.red_flag_open = true;  // Nguyễn's red flag came before the latest visit
  EXPECT_EQ(ids(q), (Ids{"p-jose"}));
}

std::string temp_db() {
  auto dir = std::filesystem::temp_directory_path() /
             ("ptmcp-find-" + std::to_string(std::random_device{}()));
  return (dir / "ptmcp.db").string();
}

TEST(FindPrograms, PagesWithACursor) {
  std::shared_ptr<store::ProgramStore> db = store::open_sqlite_store(temp_db());
  for (const char* name : {"Ana", "Anabel", "Andrea", "Bob", "Andr\xC3\xA9s"}) {
    db->save(std::nullopt, Json{{"patient", {{"name", name}}},
                                {"visit", {{"date", "2026-11-23"}, {"next_visit", "2026-11-30"}}}});
  }
  const server::ToolDefinition tool = find_programs_tool(db);
  EXPECT_TRUE(tool.annotations.read_only);
  server::ToolContext context;
  auto call = [&](Json args) { return tool.handler(args, context); };

  // Four names start with "an": pages of 3, then 1.
  auto first = call({{"first_name", "an"}, {"limit", 3}});
  ASSERT_FALSE(first.is_error) << first.text;
  EXPECT_EQ(first.structured["total"], 4);
  ASSERT_EQ(first.structured["programs"].size(), 3u);
  ASSERT_TRUE(first.structured.contains("next_cursor"));
  auto second =
      call({{"first_name", "an"}, {"limit", 3}, {"cursor", first.structured["next_cursor"]}});
  ASSERT_FALSE(second.is_error) << second.text;
  ASSERT_EQ(second.structured["programs"].size(), 1u);
  EXPECT_FALSE(second.structured.contains("next_cursor"));
  std::set<std::string> names;
  for (const auto& page : {first, second}) {
    for (const auto& p : page.structured["programs"]) {
      names.insert(p["first_name"].get<std::string>());
      // The minimum necessary fields and nothing else.
      EXPECT_EQ(p.size(), 7u) << p.dump();
      EXPECT_TRUE(p["last_checkin"].is_null());
    }
  }
  EXPECT_EQ(names, (std::set<std::string>{"Ana", "Anabel", "Andrea", "Andr\xC3\xA9s"}));

  auto bad = call({{"cursor", "not-a-cursor"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_NE(bad.text.find("/cursor"), std::string::npos) << bad.text;
}

}  // namespace
}  // namespace ptmcp::tools::programs
