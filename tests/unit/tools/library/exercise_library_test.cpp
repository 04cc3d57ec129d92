#include "tools/library/exercise_library.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tools/text/jargon.h"
#include "tools/text/readability.h"

namespace ptmcp::tools::library {
namespace {

TEST(Library, HasAtLeastSixtyExercisesWithUniqueIds) {
  EXPECT_GE(exercises().size(), 60u);
  std::set<std::string> ids;
  for (const auto& e : exercises())
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
  for (const char* id : {"lbp-prone-press-up", "lbp-bridge", "lbp-walk"}) {
    EXPECT_NE(find_exercise(id), nullptr) << id;
  }
}

TEST(Library, CoversEveryConditionWithSeveralExercises) {
  std::map<std::string, int> per_condition;
  for (const auto& e : exercises()) {
    for (const auto& c : e.conditions) {
      bool known = false;
      for (const auto& condition : conditions())
        known |= condition.id == c;
      EXPECT_TRUE(known) << e.id << " names unknown condition " << c;
      ++per_condition[c];
    }
  }
  for (const char* id : {"tka", "acl", "rotator-cuff", "low-back-pain", "neck-pain", "ankle-sprain",
                         "patellofemoral-pain", "hip-oa"}) {
    EXPECT_GE(per_condition[id], 6) << id;
  }
}

TEST(Library, PatientTextIsPlainAndShort) {
  for (const auto& e : exercises()) {
    SCOPED_TRACE(e.id);
    const auto sentences = text::split_sentences(e.description);
    EXPECT_GE(sentences.size(), 1u);
    EXPECT_LE(sentences.size(), 2u);
    EXPECT_LE(text::measure(e.description).grade, 6.0) << e.description;
    EXPECT_LE(text::measure(e.precautions).grade, 6.0) << e.precautions;
    EXPECT_LE(text::measure(e.clinic_link_template).grade, 6.0) << e.clinic_link_template;
    for (const std::string* field :
         {&e.name, &e.description, &e.clinic_link_template, &e.precautions}) {
      for (const auto& finding : text::find_jargon(*field)) {
        ADD_FAILURE() << "jargon \"" << finding.matched << "\" in: " << *field;
      }
    }
  }
}

TEST(Library, ClinicalNamesAreFindable) {
  for (const auto& e : exercises()) {
    SearchOutcome outcome = search({e.clinical_name, "", "", 3});
    bool found = false;
    for (const auto& hit : outcome.hits)
      found |= hit.exercise == &e;
    EXPECT_TRUE(found) << e.clinical_name << " does not find " << e.id;
  }
}

TEST(Search, QuadSetsFindsTheKneePress) {
  SearchOutcome outcome = search({"quad sets", "", "", 5});
  ASSERT_FALSE(outcome.hits.empty());
  EXPECT_EQ(outcome.hits[0].exercise->id, "tka-quad-set");
}

TEST(Search, AbbreviationsAndPlainWords) {
  EXPECT_EQ(search({"SLR", "", "", 1}).hits.at(0).exercise->id, "tka-straight-leg-raise");
  EXPECT_EQ(search({"chin tuck", "", "", 1}).hits.at(0).exercise->id, "neck-chin-slide");
  EXPECT_EQ(search({"press up", "", "", 1}).hits.at(0).exercise->id, "lbp-prone-press-up");
}

TEST(Search, FiltersByConditionAndRegion) {
  SearchOutcome back = search({"", "low back pain", "", 100});
  EXPECT_GE(back.total, 8u);
  for (const auto& hit : back.hits) {
    const auto& c = hit.exercise->conditions;
    EXPECT_NE(std::find(c.begin(), c.end(), "low-back-pain"), c.end());
  }
  SearchOutcome by_alias = search({"", "TKA", "ankle", 100});
  ASSERT_FALSE(by_alias.hits.empty());
  for (const auto& hit : by_alias.hits)
    EXPECT_EQ(hit.exercise->body_region, "ankle");
}

TEST(Search, LimitAndTotal) {
  SearchOutcome outcome = search({"", "", "", 5});
  EXPECT_EQ(outcome.hits.size(), 5u);
  EXPECT_EQ(outcome.total, exercises().size());
}

TEST(Search, UnknownConditionIsReported) {
  SearchOutcome outcome = search({"", "tennis elbow", "", 5});
  EXPECT_TRUE(outcome.hits.empty());
  ASSERT_TRUE(outcome.unknown_condition);
}

TEST(Search, NoMatchIsEmpty) {
  EXPECT_TRUE(search({"xylophone", "", "", 5}).hits.empty());
}

TEST(Conditions, FoundByPhrase) {
  ASSERT_NE(find_condition("Right total knee replacement, 3 weeks after surgery"), nullptr);
  EXPECT_EQ(find_condition("Right total knee replacement, 3 weeks after surgery")->id, "tka");
  EXPECT_EQ(find_condition("Low back pain that gets worse with sitting")->id, "low-back-pain");
  EXPECT_EQ(find_condition("acl")->id, "acl");
  EXPECT_EQ(find_condition("sprained ankle playing soccer")->id, "ankle-sprain");
  EXPECT_EQ(find_condition("tennis elbow"), nullptr);
}

}  // namespace
}  // namespace ptmcp::tools::library
