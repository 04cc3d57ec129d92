// audit_hep on handouts written the way clinics print them: every exercise line is found and
// counted once. The expected names and counts were worked out by hand from each file.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "tools/audit/audit_hep.h"

namespace ptmcp::tools::audit {
namespace {

std::string read(const std::string& relative) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(file) << relative;
  return {std::istreambuf_iterator<char>(file), {}};
}

struct Handout {
  const char* file;
  std::vector<std::string> names;  // in the order printed
  std::vector<int> lines;          // the line each one is on
};

void PrintTo(const Handout& h, std::ostream* os) {
  *os << h.file;
}

class Handouts : public ::testing::TestWithParam<Handout> {};

TEST_P(Handouts, EveryExerciseLineCountsOnce) {
  const auto& h = GetParam();
  const HepAudit a = audit_hep(read(h.file), std::nullopt);
  EXPECT_EQ(a.exercises, h.names);
  std::vector<int> lines;
  for (const auto& l : a.exercise_lines)
    lines.push_back(l.line);
  EXPECT_EQ(lines, h.lines);
  const std::string count = std::to_string(h.names.size()) + " exercise";
  EXPECT_NE(a.elements.at(0).evidence.at(0).find(count), std::string::npos)
      << a.elements.at(0).evidence.at(0);
}

INSTANTIATE_TEST_SUITE_P(
    AsClinicsPrintThem, Handouts,
    ::testing::Values(
        Handout{"tests/data/cases/legacy_handout.txt",
                {"Quad sets", "SLR", "Heel slides", "SAQ", "LAQ", "Ankle pumps",
                 "Hip abduction supine", "Gastroc stretch", "Prone knee flexion"},
                {5, 6, 7, 8, 9, 10, 11, 12, 13}},
        // A portal printout: a title line, then its dose on the line below.
        Handout{
            "tests/data/handouts/portal_printout.txt",
            {"Supine Quad Set", "Supine Heel Slide", "Seated Long Arc Quad", "Standing Heel Raise"},
            {5, 10, 15, 20}},
        // Eight abbreviated lines; "Ice 15 min PRN" carries a dose but is no exercise.
        Handout{"tests/data/handouts/numbered_abbreviations.txt",
                {"Pendulums", "AAROM flex w/ cane", "Table slides", "B scap retraction",
                 "ER w/ RTB", "IR w/ RTB", "Wall walks", "Grip squeeze"},
                {2, 3, 4, 5, 6, 7, 8, 9}},
        // Two columns run together: each column counts, in line order.
        Handout{"tests/data/handouts/two_columns.txt",
                {"Prone press up", "Bird dog", "Bridges", "Cat camel", "Pelvic tilts",
                 "Hamstring stretch", "Single knee to chest", "Walking"},
                {2, 2, 3, 3, 4, 4, 5, 5}},
        // A table pasted with pipes: the header and the rule line are not exercises.
        Handout{"tests/data/handouts/table_pipes.txt",
                {"Ankle alphabet", "Towel calf stretch", "Band eversion", "Single leg balance",
                 "Heel raises"},
                {5, 6, 7, 8, 9}},
        // A table pasted with tabs; the phone number below it is not a row.
        Handout{"tests/data/handouts/table_tabs.txt",
                {"Quad sets", "SAQ", "Heel slides", "Ankle pumps"},
                {2, 3, 4, 5}},
        Handout{"tests/data/handouts/bullets_with_prose.txt",
                {"Calf stretch at the wall", "Hamstring stretch", "Sit to stand from a firm chair",
                 "Marching in place", "Walk"},
                {2, 3, 4, 5, 6}},
        // "Frequency: 3 times per week" is how often, not an exercise.
        Handout{"tests/data/handouts/portal_sets_reps.txt",
                {"Prone Press Up", "Bridge", "Walking"},
                {4, 6, 8}},
        // Eight clinical names with doses, only some of them in the library.
        Handout{"tests/data/handouts/clinical_names.txt",
                {"Quad sets", "Heel slides", "Terminal knee extension with band", "Sit to stand",
                 "Tandem stance", "Lateral step ups 4\" step", "Mini squats", "Nustep"},
                {2, 3, 4, 5, 6, 7, 8, 9}},
        // No list markers: a short line with a dose is an exercise, prose with numbers is not.
        Handout{"tests/data/handouts/lines_without_markers.txt",
                {"Knee press into a towel", "Heel slides", "Straight leg lift"},
                {3, 4, 5}},
        // Weights written 2#, #2 and 3 lb, and a hold written 30s.
        Handout{"tests/data/handouts/weights.txt",
                {"Bicep curls", "Shoulder flexion", "Band rows RTB", "Shrugs", "Chin tucks",
                 "Upper trap stretch"},
                {2, 3, 4, 5, 6, 7}},
        Handout{"tests/data/handouts/checklist.txt",
                {"Ankle pumps", "Quad sets", "Glute sets", "Heel slides", "Walk with walker"},
                {2, 3, 4, 5, 6}},
        // Nothing but abbreviations: "SL hip abd w/" is the name as written.
        Handout{"tests/data/handouts/abbreviations.txt",
                {"B UE ER w/ RTB", "B UE IR w/ RTB", "HR", "SL hip abd w/", "Seated LAQ",
                 "AAROM flex w/ dowel"},
                {2, 3, 4, 5, 6, 7}},
        // Library names without a dose still count as list items; a rule in the list does not.
        Handout{"tests/data/handouts/library_names_only.txt",
                {"Cat camel", "Bird dog", "Bridge"},
                {2, 3, 4}}));

TEST(Handouts, AnAbbreviatedHandoutHasNoMeasurableGrade) {
  const HepAudit a = audit_hep(read("tests/data/handouts/abbreviations.txt"), std::nullopt);
  EXPECT_FALSE(a.grade_measurable);
  EXPECT_NE(a.grade_note.find("abbreviations or shorthand"), std::string::npos) << a.grade_note;
  const auto& e2 = a.elements.at(1);
  EXPECT_FALSE(e2.met);
  std::string evidence;
  for (const auto& line : e2.evidence)
    evidence += line + "\n";
  EXPECT_NE(evidence.find("Grade level not measurable"), std::string::npos) << evidence;
  EXPECT_EQ(evidence.find("at or below"), std::string::npos) << evidence;
  EXPECT_NE(e2.fix.find("abbreviations"), std::string::npos);
  // Every abbreviation on it, as written (worked out by hand, in order of first use).
  std::set<std::string> found;
  for (const auto& j : a.jargon)
    found.insert(j.as_written.begin(), j.as_written.end());
  for (const char* form :
       {"HEP", "B UE", "ER",  "w/", "RTB",   "IR",    "HR",  "B LE", "SL", "abd", "1#",
        "AW",  "R/L",  "LAQ", "2#", "AAROM", "dowel", "D/C", "F/U",  "Pt", "QD"})
    EXPECT_TRUE(found.contains(form)) << form;
  EXPECT_TRUE(a.abbreviations.empty());
}

TEST(Handouts, APlainHandoutKeepsItsGrade) {
  const HepAudit a = audit_hep(read("tests/data/handouts/lines_without_markers.txt"), std::nullopt);
  EXPECT_TRUE(a.grade_measurable) << a.grade_note;
}

TEST(Handouts, AnUnknownAbbreviationIsListed) {
  const HepAudit a =
      audit_hep("1. KTW drill 2x10\n2. KTW drill on the step 2x10\nText DONE.", std::nullopt);
  ASSERT_EQ(a.abbreviations.size(), 1u);
  EXPECT_EQ(a.abbreviations[0].first, "KTW");
  EXPECT_EQ(a.abbreviations[0].second, 2);
}

TEST(Handouts, ExercisesOutsideTheLibraryAreListedAsNotPlaced) {
  const HepAudit a = audit_hep(read("tests/data/handouts/clinical_names.txt"), std::nullopt);
  // Tandem stance and a Nustep (a recumbent stepper) are not in ptmcp's library; quad sets
  // and heel slides are.
  for (const char* name : {"Tandem stance", "Nustep"}) {
    EXPECT_NE(std::find(a.unplaced.begin(), a.unplaced.end(), name), a.unplaced.end()) << name;
  }
  for (const char* name : {"Quad sets", "Heel slides"}) {
    EXPECT_EQ(std::find(a.unplaced.begin(), a.unplaced.end(), name), a.unplaced.end()) << name;
  }
  for (const auto& l : a.exercise_lines) {
    const bool unplaced =
        std::find(a.unplaced.begin(), a.unplaced.end(), l.name) != a.unplaced.end();
    EXPECT_EQ(l.library_id.empty(), unplaced) << l.name;
  }
}

}  // namespace
}  // namespace ptmcp::tools::audit
