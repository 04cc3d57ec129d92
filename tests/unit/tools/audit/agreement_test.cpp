// generate_hep and audit_hep read the six elements from one rule source: a program that
// generate_hep accepts, rendered as the patient's note and audited as a pasted handout,
// meets all six.
#include <gtest/gtest.h>

#include <fstream>

#include "tools/audit/audit_hep.h"
#include "tools/findings.h"
#include "tools/hep/checks.h"
#include "tools/hep/render.h"

namespace ptmcp::tools {
namespace {

using Json = nlohmann::json;

Json request(const std::string& relative) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/" + relative);
  return Json::parse(file);
}

class Agreement : public ::testing::TestWithParam<const char*> {};

TEST_P(Agreement, AnAcceptedProgramAuditsSixOfSix) {
  const hep::HepLimits limits{};
  auto checked = hep::check_hep(request(GetParam()), limits);
  ASSERT_TRUE(checked.value) << describe_findings(checked.findings);
  for (const auto& f : hep::check_page(hep::page_text(*checked.value), *checked.value, limits))
    ASSERT_NE(f.severity, Severity::kError) << f.message;

  const std::string note = hep::render_markdown(*checked.value, {"Lakeside PT", "555-0100"});
  const auto a = audit::audit_hep(note, checked.value->reading_grade_max);
  for (const auto& e : a.elements) {
    std::string evidence;
    for (const auto& line : e.evidence)
      evidence += "\n  " + line;
    EXPECT_TRUE(e.met) << "element " << e.number << evidence << "\n  fix: " << e.fix << "\n"
                       << note;
  }
  EXPECT_EQ(a.score, 6);
  EXPECT_EQ(a.exercises.size(), checked.value->exercises.size()) << note;
  // The audit reads the note in the program's language without being told.
  EXPECT_EQ(a.language, checked.value->language);
  EXPECT_FALSE(a.language_given);
}

INSTANTIATE_TEST_SUITE_P(SampleCasesAndMore, Agreement,
                         ::testing::Values("tests/data/cases/hep_post_tka.json",
                                           "tests/data/cases/hep_low_back.json",
                                           "tests/data/agreement/shoulder_four.json",
                                           "tests/data/agreement/ankle_one.json",
                                           "tests/data/agreement/neck_written.json",
                                           "tests/data/cases/hep_post_tka_es.json",
                                           "tests/data/cases/hep_low_back_es.json"));

}  // namespace
}  // namespace ptmcp::tools
