#include "tools/checkins/checkin_parser.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

const std::vector<std::vector<std::string>> kExercises = {
    {"Knee tightening with towel", "Quad sets"},
    {"Heel slides on the bed", "Heel slides"},
    {"Straight leg lift", "Straight leg raise"}};

// The labelled corpus: recall and precision of red flags, status and pain accuracy.
TEST(CheckinCorpus, MeetsTheAccuracyTargets) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/checkin_corpus.json");
  const Json corpus = Json::parse(file)["messages"];
  ASSERT_GE(corpus.size(), 150u);
  int flagged_truth = 0, flagged_found = 0, flagged_raised = 0, flagged_right = 0;
  int status_right = 0, pain_right = 0;
  for (const auto& item : corpus) {
    const std::string message = item["message"];
    ParsedCheckin p = parse_checkin(message, kExercises);
    const std::string want_tier = item["flag"].is_null() ? "" : item["flag"].get<std::string>();
    if (!want_tier.empty()) {
      ++flagged_truth;
      if (tier_rank(p.tier) >= tier_rank(want_tier)) {
        ++flagged_found;
      } else {
        ADD_FAILURE() << "missed red flag (" << want_tier << "): " << message;
      }
    }
    if (!p.tier.empty()) {
      ++flagged_raised;
      if (!want_tier.empty()) {
        ++flagged_right;
      } else {
        std::cout << "  false alarm (" << p.tier << ", \"" << p.flags[0].matched
                  << "\"): " << message << "\n";
      }
    }
    if (p.status == item["status"]) {
      ++status_right;
    } else {
      std::cout << "  status " << p.status << ", labelled " << item["status"] << ": " << message
                << "\n";
    }
    const Json got_pain = p.pain ? Json(*p.pain) : Json(nullptr);
    if (got_pain == item["pain"]) {
      ++pain_right;
    } else {
      std::cout << "  pain " << got_pain << ", labelled " << item["pain"] << ": " << message
                << "\n";
    }
  }
  const double n = static_cast<double>(corpus.size());
  const double recall = flagged_truth ? 100.0 * flagged_found / flagged_truth : 100;
  const double precision = flagged_raised ? 100.0 * flagged_right / flagged_raised : 100;
  const double status = 100.0 * status_right / n;
  const double pain = 100.0 * pain_right / n;
  std::cout << "check-in corpus (" << corpus.size() << " messages): red-flag recall " << recall
            << "%, red-flag precision " << precision << "%, status accuracy " << status
            << "%, pain accuracy " << pain << "%\n";
  EXPECT_EQ(recall, 100.0);
  EXPECT_GE(precision, 95.0);
  EXPECT_GE(status, 95.0);
  EXPECT_GE(pain, 95.0);
}

TEST(CheckinParser, SampleMessages) {
  auto a = parse_checkin("DONE", kExercises);
  EXPECT_EQ(a.status, "done");
  auto b = parse_checkin("did 2 of them, knee sore 5/10 on the leg lifts", kExercises);
  EXPECT_EQ(b.status, "partial");
  EXPECT_EQ(b.pain, 5);
  auto c = parse_checkin("done, no swelling today", kExercises);
  EXPECT_TRUE(c.flags.empty());
  auto d = parse_checkin("didn't do it, my calf is swollen and hurts", kExercises);
  EXPECT_EQ(d.status, "skipped");
  EXPECT_EQ(d.tier, "same_day");
  EXPECT_FALSE(d.flags.empty());
}

TEST(CheckinParser, PainInThePatientsWords) {
  for (const auto& [text, pain] : std::vector<std::pair<std::string, int>>{{"5/10", 5},
                                                                           {"pain 5", 5},
                                                                           {"5 out of 10", 5},
                                                                           {"pain is a five", 5},
                                                                           {"pain is 4", 4},
                                                                           {"sore, like a 3", 3},
                                                                           {"dolor 6", 6},
                                                                           {"a 7 pain", 7}}) {
    EXPECT_EQ(parse_checkin(text, kExercises).pain, pain) << text;
  }
  EXPECT_FALSE(parse_checkin("did 2", kExercises).pain);
  EXPECT_FALSE(parse_checkin("fever 101", kExercises).pain);
}

TEST(CheckinParser, WhichExercises) {
  auto all_but = parse_checkin("all but the leg lifts", kExercises);
  EXPECT_EQ(all_but.exercises_skipped, std::vector<int>{2});
  EXPECT_EQ(all_but.exercises_done, (std::vector<int>{0, 1}));
  auto only = parse_checkin("only did the heel slides", kExercises);
  EXPECT_EQ(only.exercises_done, std::vector<int>{1});
  auto number = parse_checkin("did number 1 and the towel one", kExercises);
  EXPECT_EQ(number.exercises_done, std::vector<int>{0});
}

TEST(CheckinParser, YesterdayOptOutAndHelp) {
  EXPECT_TRUE(parse_checkin("did them yesterday", kExercises).yesterday);
  EXPECT_TRUE(parse_checkin("ayer no pude", kExercises).yesterday);
  for (const char* stop : {"STOP", "stop", "Unsubscribe", "opt out", "QUIT", "cancel"}) {
    EXPECT_TRUE(parse_checkin(stop, kExercises).opt_out) << stop;
  }
  EXPECT_FALSE(parse_checkin("stop that exercise hurt", kExercises).opt_out);
  EXPECT_TRUE(parse_checkin("HELP", kExercises).help);
  EXPECT_FALSE(parse_checkin("help, I fell", kExercises).help);
}

TEST(CheckinParser, EscalationTakesTheMostUrgentTier) {
  auto p = parse_checkin("calf swollen and now chest pain", kExercises);
  EXPECT_EQ(p.tier, "emergency");
  EXPECT_GE(p.flags.size(), 2u);
}

}  // namespace
}  // namespace ptmcp::tools::checkins
