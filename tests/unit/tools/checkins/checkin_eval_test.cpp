// The check-in reader against the labelled evaluation corpus (tests/data/checkin_eval):
// development sets the rules may be tuned on, and held-out sets whose texts are never printed
// here (only their figures). The first held-out set was split off the first development set
// before tuning; the others were written by other authors, who saw neither the rules nor any
// other corpus.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "tools/checkins/checkin_parser.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

// The corpus spans eight conditions without saying which exercises each program holds, so
// the reader gets no exercise names: status comes from the words alone.
const std::vector<std::vector<std::string>> kExercises = {};

std::string condition_id(const std::string& name) {
  static const std::map<std::string, std::string> kIds = {{"knee replacement", "tka"},
                                                          {"ACL reconstruction", "acl"},
                                                          {"rotator cuff repair", "rotator-cuff"},
                                                          {"low back pain", "low-back-pain"},
                                                          {"neck pain", "neck-pain"},
                                                          {"ankle sprain", "ankle-sprain"},
                                                          {"kneecap pain", "patellofemoral-pain"},
                                                          {"hip arthritis", "hip-oa"}};
  auto it = kIds.find(name);
  return it == kIds.end() ? "" : it->second;
}

struct Figures {
  int messages = 0;
  int must_see = 0, seen = 0;  // recall: a person sees it (a tier or needs_review)
  int tier_right = 0;          // exact tier, none included
  int routine = 0, routine_escalated = 0, routine_reviewed = 0;
  int status_right = 0, pain_right = 0;
  // The "routine messages that mention no symptom": kinds routine and status_only.
  // The figures above count every message no person needs to see, which also holds
  // questions about warning signs ("what if my calf swells?"); the reader sends those to a
  // person on purpose, as the issue asks.
  int plain = 0, plain_escalated = 0, plain_reviewed = 0;
  double percent(int part, int whole) const { return whole ? 100.0 * part / whole : 100.0; }
  double recall() const { return percent(seen, must_see); }
  double exact_tier() const { return percent(tier_right, messages); }
  double escalated() const { return percent(routine_escalated, routine); }
  double reviewed() const { return percent(routine_reviewed, routine); }
  double status() const { return percent(status_right, messages); }
  double pain() const { return percent(pain_right, messages); }
  double plain_escalated_rate() const { return percent(plain_escalated, plain); }
  double plain_reviewed_rate() const { return percent(plain_reviewed, plain); }
};

// `show_texts` prints each message the reader gets wrong: only ever for the development set.
Figures evaluate(const std::string& file, bool show_texts) {
  std::ifstream in(std::string(PTMCP_SOURCE_DIR) + "/tests/data/checkin_eval/" + file);
  EXPECT_TRUE(in) << file;
  Figures f;
  if (!in) return f;
  const Json corpus = Json::parse(in)["messages"];
  for (const auto& item : corpus) {
    const std::string message = item["message"];
    const ParsedCheckin p =
        parse_checkin(message, kExercises, condition_id(item.value("condition", "")));
    const std::string want_tier = item["tier"].is_null() ? "" : item["tier"].get<std::string>();
    const bool must_see = item["needs_person"].get<bool>();
    const bool seen = !p.tier.empty() || p.needs_review;
    std::vector<std::string> wrong;
    ++f.messages;
    if (must_see) {
      ++f.must_see;
      if (seen)
        ++f.seen;
      else
        wrong.push_back("MISSED (nobody sees it)");
    } else {
      ++f.routine;
      if (!p.tier.empty()) {
        ++f.routine_escalated;
        wrong.push_back("routine escalated (" + p.tier + ": " + p.flags[0].label + ")");
      } else if (p.needs_review) {
        ++f.routine_reviewed;
        wrong.push_back("routine reviewed (" + p.review_reason + ")");
      }
    }
    const std::string kind = item.value("kind", "");
    if (kind == "routine" || kind == "status_only") {
      ++f.plain;
      if (!p.tier.empty())
        ++f.plain_escalated;
      else if (p.needs_review)
        ++f.plain_reviewed;
    }
    if (p.tier == want_tier) {
      ++f.tier_right;
    } else {
      wrong.push_back("tier " + (p.tier.empty() ? "none" : p.tier) + ", labelled " +
                      (want_tier.empty() ? "none" : want_tier));
    }
    if (p.status == item["status"]) {
      ++f.status_right;
    } else {
      wrong.push_back("status " + p.status + ", labelled " + item["status"].get<std::string>());
    }
    const Json got_pain = p.pain ? Json(*p.pain) : Json(nullptr);
    if (got_pain == item["pain"]) {
      ++f.pain_right;
    } else {
      wrong.push_back("pain " + got_pain.dump() + ", labelled " + item["pain"].dump());
    }
    if (show_texts && !wrong.empty()) {
      std::cout << "  " << message << "\n   ";
      for (const auto& w : wrong)
        std::cout << " [" << w << "]";
      std::cout << "\n";
    }
  }
  std::cout << file << " (" << f.messages << " messages): recall " << f.recall() << "% (" << f.seen
            << "/" << f.must_see << "), exact tier " << f.exact_tier() << "%, routine escalated "
            << f.escalated() << "% (" << f.routine_escalated << "/" << f.routine
            << "), needs_review on routine " << f.reviewed() << "% (" << f.routine_reviewed << "/"
            << f.routine << "), status " << f.status() << "%, pain " << f.pain()
            << "%; routine and status-only kinds: escalated " << f.plain_escalated_rate() << "% ("
            << f.plain_escalated << "/" << f.plain << "), needs_review " << f.plain_reviewed_rate()
            << "% (" << f.plain_reviewed << "/" << f.plain << ")\n";
  return f;
}

TEST(CheckinEvaluation, DevelopmentSet) {
  const Figures f = evaluate("dev.json", true);
  ASSERT_GE(f.messages, 400);
  // Floors, not targets: the rules are tuned on this set, so its figures flatter them. One
  // text is still missed (a question about sleeping without the sling), one explained-away
  // finding ("from the pain meds") is still escalated, and an emergency sign in someone else
  // goes to a person on purpose (the writer may be writing about the patient).
  EXPECT_GE(f.recall(), 99.5);
  EXPECT_GE(f.exact_tier(), 99.0);
  EXPECT_LE(f.escalated(), 1.0);
  EXPECT_LE(f.reviewed(), 3.5);
  EXPECT_GE(f.status(), 99.0);
  EXPECT_GE(f.pain(), 99.5);
  EXPECT_LE(f.plain_reviewed_rate(), 2.0);
}

TEST(CheckinEvaluation, SecondDevelopmentSet) {
  const Figures f = evaluate("dev2.json", true);
  ASSERT_GE(f.messages, 400);
  // Floors of a set the rules were tuned on. Its "needs_review on routine" holds the author's
  // questions about warning signs ("what if my calf starts swelling, who do i call?"), which
  // the reader sends to a person on purpose; on routine and status-only texts it is 1.9 %.
  // Exact tier loses most to relatives writing without saying whom it is about ("mi mamá no
  // puede tragar"): those go to a person, not to a tier.
  EXPECT_GE(f.recall(), 99.5);
  EXPECT_GE(f.exact_tier(), 95.0);
  EXPECT_LE(f.escalated(), 2.0);
  EXPECT_LE(f.reviewed(), 10.5);
  EXPECT_GE(f.status(), 95.0);
  EXPECT_GE(f.pain(), 97.0);
  EXPECT_LE(f.plain_escalated_rate(), 1.0);
  EXPECT_LE(f.plain_reviewed_rate(), 2.0);
}

TEST(CheckinEvaluation, ThirdDevelopmentSet) {
  const Figures f = evaluate("dev3.json", true);
  ASSERT_GE(f.messages, 400);
  // Floors of a set the rules were tuned on (older writers, caregivers, long messages, Spanish
  // of several countries). One question about a clicking knee is still missed. An outsider's
  // emergency sign ("friend from my walking group fainted") goes to a person, not to a tier.
  EXPECT_GE(f.recall(), 99.5);
  EXPECT_GE(f.exact_tier(), 97.5);
  EXPECT_LE(f.escalated(), 0.0);
  EXPECT_LE(f.reviewed(), 9.0);
  EXPECT_GE(f.status(), 96.0);
  EXPECT_GE(f.pain(), 96.5);
  EXPECT_LE(f.plain_escalated_rate(), 0.0);
  EXPECT_LE(f.plain_reviewed_rate(), 1.0);
}

TEST(CheckinEvaluation, FourthDevelopmentSet) {
  const Figures f = evaluate("dev4.json", true);
  ASSERT_GE(f.messages, 300);
  // Floors of a set the rules were tuned on (relatives and carers writing for the patient,
  // findings explained away, long messages). Before tuning: recall 92.1 %, exact tier 86.3 %,
  // routine escalated 10.3 %, status 89.4 %. Its "needs_review on routine" is mostly
  // questions about warning signs and carers' own signs, which go to a person on purpose,
  // as does an emergency sign in someone said not to be the patient (labelled routine here).
  EXPECT_GE(f.recall(), 98.7);
  EXPECT_GE(f.exact_tier(), 94.3);
  EXPECT_LE(f.escalated(), 3.9);
  EXPECT_LE(f.reviewed(), 14.9);
  EXPECT_GE(f.status(), 89.6);
  EXPECT_GE(f.pain(), 96.8);
  EXPECT_LE(f.plain_escalated_rate(), 1.9);
  EXPECT_LE(f.plain_reviewed_rate(), 1.9);
}

TEST(CheckinEvaluation, FifthDevelopmentSet) {
  const Figures f = evaluate("dev5.json", true);
  ASSERT_GE(f.messages, 300);
  // Floors of a set the rules were tuned on (signs told by their effect or by comparison,
  // carers and relatives, harmless uses of alarming words). Before tuning: recall 95.2 %
  // (158/166), 6 routine messages escalated. An emergency sign in someone said not to be
  // the patient goes to a person (labelled routine here), not to a tier.
  EXPECT_GE(f.recall(), 100.0);
  EXPECT_GE(f.exact_tier(), 96.5);
  EXPECT_LE(f.escalated(), 1.3);
  EXPECT_LE(f.reviewed(), 9.8);
  EXPECT_GE(f.status(), 96.2);
  EXPECT_GE(f.pain(), 97.5);
  EXPECT_LE(f.plain_escalated_rate(), 1.1);
  EXPECT_LE(f.plain_reviewed_rate(), 5.5);
}

TEST(CheckinEvaluation, SixthDevelopmentSet) {
  const Figures f = evaluate("dev6.json", true);
  ASSERT_GE(f.messages, 300);
  // Floors of a set the rules were tuned on (lay and voice-to-text wording, signs told by
  // what the person cannot do, pets and coworkers beside the patient's own status). Before
  // tuning: recall 95.4 % (206/216), exact tier 86.9 %, routine escalated 10.6 % (11/104),
  // needs_review on routine 7.7 %, status 92.8 %, pain 98.4 %.
  EXPECT_GE(f.recall(), 98.1);
  EXPECT_GE(f.exact_tier(), 90.0);
  EXPECT_LE(f.escalated(), 7.7);
  EXPECT_LE(f.reviewed(), 7.7);
  EXPECT_GE(f.status(), 92.8);
  EXPECT_GE(f.pain(), 98.4);
  EXPECT_LE(f.plain_escalated_rate(), 5.5);
  EXPECT_LE(f.plain_reviewed_rate(), 0.0);
}

TEST(CheckinEvaluation, SeventhDevelopmentSet) {
  const Figures f = evaluate("dev7.json", true);
  ASSERT_GE(f.messages, 320);
  // Written by an eleventh author who saw only the format and conventions, aimed at wording a
  // phrase list would miss. Before any tuning on it: recall 90.7 % (194/214), exact tier
  // 83.8 %, routine escalated 10.4 %.
  EXPECT_GE(f.recall(), 98.5);
  EXPECT_GE(f.exact_tier(), 89.0);
  EXPECT_LE(f.escalated(), 4.8);
  EXPECT_GE(f.status(), 92.1);
}

TEST(CheckinEvaluation, EighthDevelopmentSet) {
  const Figures f = evaluate("dev8.json", true);
  ASSERT_GE(f.messages, 300);
  // Written by a thirteenth author who saw only the format and conventions: older patients
  // and their families on phones, voice-to-text slips, signs buried in chit-chat or explained
  // away. Before any tuning on it: recall 92.1 % (129/140), exact tier 88.3 %, routine
  // escalated 9.4 % (15/160), needs_review on routine 13.8 %, status 87.3 %, pain 86.7 %.
  EXPECT_GE(f.recall(), 98.5);
  EXPECT_GE(f.exact_tier(), 92.6);
  EXPECT_LE(f.escalated(), 5.7);
  EXPECT_GE(f.status(), 87.3);
  EXPECT_GE(f.pain(), 93.3);
}

TEST(CheckinEvaluation, HeldOutSet) {
  const Figures f = evaluate("heldout.json", false);
  ASSERT_GE(f.messages, 200);
  // The targets are recall 100 %, exact tier >= 95 %, routine escalated <= 3 %,
  // needs_review on routine <= 5 %, status >= 95 %, pain >= 95 %. Measured after the last
  // tuning round (on the development sets only; this file's texts were never read): recall
  // 96.6 % (113/117), exact tier 95.4 %, routine escalated 3.25 % (4/123; none of them
  // routine or status-only texts), needs_review on routine 4.1 % (none of them routine or
  // status-only texts), status 95.8 %, pain 98.3 %.
  // Recall and routine escalated miss their targets; the assertions hold the measured level
  // so a change cannot make them worse unnoticed. Raise them from failures found in new
  // development texts, never from this file's texts.
  EXPECT_GE(f.recall(), 96.5);      // target 100
  EXPECT_GE(f.exact_tier(), 95.4);  // target 95
  EXPECT_LE(f.escalated(), 3.3);    // target 3
  EXPECT_LE(f.reviewed(), 4.1);
  EXPECT_GE(f.status(), 95.8);
  EXPECT_GE(f.pain(), 98.3);
  EXPECT_LE(f.plain_escalated_rate(), 0.0);
  EXPECT_LE(f.plain_reviewed_rate(), 0.0);
}

TEST(CheckinEvaluation, SecondHeldOutSet) {
  const Figures f = evaluate("heldout2.json", false);
  ASSERT_GE(f.messages, 250);
  // Written by an author who saw neither the rules nor any other corpus, and never read
  // while tuning. Measured after the last tuning round: recall 97.2 % (138/142), exact tier
  // 92.7 %, routine escalated 2.5 % (3/118; none of them routine or status-only texts),
  // needs_review on routine 11.0 % (1.7 % on routine and status-only texts; the rest are
  // questions about warning signs and emergency signs in someone else, which go to a person
  // on purpose), status 93.8 %, pain 97.3 %. Recall, exact tier, status and needs_review miss
  // the targets; the floors hold the measured level.
  EXPECT_GE(f.recall(), 97.1);      // target 100
  EXPECT_GE(f.exact_tier(), 92.6);  // target 95
  EXPECT_LE(f.escalated(), 2.6);    // target 3
  EXPECT_LE(f.reviewed(), 11.1);    // target 5
  EXPECT_GE(f.status(), 93.8);      // target 95
  EXPECT_GE(f.pain(), 97.3);
  EXPECT_LE(f.plain_escalated_rate(), 0.0);
  EXPECT_LE(f.plain_reviewed_rate(), 1.7);
}

TEST(CheckinEvaluation, ThirdHeldOutSet) {
  const Figures f = evaluate("heldout3.json", false);
  ASSERT_GE(f.messages, 300);
  // Written by a fifth author under the same conventions, never read while tuning. Measured
  // once before the fourth development set was used: recall 93.6 % (132/141), exact tier
  // 93.0 %, routine escalated 2.5 %, needs_review on routine 7.5 %, status 92.7 %, pain
  // 97.0 %. After tuning on the fourth and fifth development sets: recall 95.0 % (134/141),
  // exact tier 94.0 %, routine escalated 3.1 % (5/159; 1 of 99 routine or status-only
  // texts), needs_review on routine 6.3 %, status 93.3 %, pain 97.3 %. Recall, exact tier,
  // routine escalated, status and needs_review miss the targets; the floors hold the
  // measured level.
  EXPECT_GE(f.recall(), 95.0);      // target 100
  EXPECT_GE(f.exact_tier(), 94.0);  // target 95
  EXPECT_LE(f.escalated(), 3.2);    // target 3
  EXPECT_LE(f.reviewed(), 6.3);     // target 5
  EXPECT_GE(f.status(), 93.3);      // target 95
  EXPECT_GE(f.pain(), 97.3);
  EXPECT_LE(f.plain_escalated_rate(), 1.1);
  EXPECT_LE(f.plain_reviewed_rate(), 1.1);
}

TEST(CheckinEvaluation, FourthHeldOutSet) {
  const Figures f = evaluate("heldout4.json", false);
  ASSERT_GE(f.messages, 300);
  // Written by a ninth author under the same conventions as a month of a clinic's texts,
  // never read. Measured once, after tuning on the sixth development set: recall 97.2 %
  // (137/141), exact tier 97.3 %, routine escalated 0 % (0/159), needs_review on routine
  // 5.7 % (3.3 % on routine and status-only texts), status 93.3 %, pain 96.7 %. Recall,
  // needs_review and status miss the targets; the floors hold the measured level.
  EXPECT_GE(f.recall(), 97.1);      // target 100
  EXPECT_GE(f.exact_tier(), 97.3);  // target 95
  EXPECT_LE(f.escalated(), 0.0);    // target 3
  EXPECT_LE(f.reviewed(), 5.7);     // target 5
  EXPECT_GE(f.status(), 93.3);      // target 95
  EXPECT_GE(f.pain(), 96.6);
  EXPECT_LE(f.plain_escalated_rate(), 0.0);
  EXPECT_LE(f.plain_reviewed_rate(), 3.4);
}

TEST(CheckinEvaluation, FifthHeldOutSet) {
  const Figures f = evaluate("heldout5.json", false);
  ASSERT_GE(f.messages, 300);
  // Written by a tenth author who saw only the format and conventions, as a month of a
  // busy clinic's texts (44 % Spanish), never read. Measured once, after tuning on the
  // fourth and sixth development sets: recall 92.1 % (128/139), exact tier 91.3 %, routine
  // escalated 2.5 % (4/161), needs_review on routine 10.6 % (1.3 % on routine and status-only
  // texts), status 94.7 %, pain 97 %. Recall, exact tier, needs_review and status miss the
  // issue's targets; the floors hold the measured level.
  EXPECT_GE(f.recall(), 92.0);      // target 100
  EXPECT_GE(f.exact_tier(), 91.3);  // target 95
  EXPECT_LE(f.escalated(), 2.5);    // target 3
  EXPECT_LE(f.reviewed(), 10.6);    // target 5
  EXPECT_GE(f.status(), 94.6);      // target 95
  EXPECT_GE(f.pain(), 96.9);
  EXPECT_LE(f.plain_escalated_rate(), 0.0);
  EXPECT_LE(f.plain_reviewed_rate(), 1.3);
}

TEST(CheckinEvaluation, SixthHeldOutSet) {
  const Figures f = evaluate("heldout6.json", false);
  ASSERT_GE(f.messages, 300);
  // Written by a twelfth author who saw only the format and conventions, as a month of a
  // clinic's replies (40 % Spanish), never read. Measured once, after tuning on the seventh
  // development set: recall 96.4 % (133/138), exact tier 95.0 %, routine escalated 2.5 %
  // (4/162), needs_review on routine 9.3 % (0 % on routine and status-only texts), status
  // 88.3 %, pain 99 %. Recall, needs_review and status miss the targets; the floors
  // hold the measured level.
  EXPECT_GE(f.recall(), 96.3);      // target 100
  EXPECT_GE(f.exact_tier(), 95.0);  // target 95
  EXPECT_LE(f.escalated(), 2.5);    // target 3
  EXPECT_LE(f.reviewed(), 9.3);     // target 5
  EXPECT_GE(f.status(), 88.3);      // target 95
  EXPECT_GE(f.pain(), 98.9);
  EXPECT_LE(f.plain_escalated_rate(), 1.3);
  EXPECT_LE(f.plain_reviewed_rate(), 0.0);
}

TEST(CheckinEvaluation, SeventhHeldOutSet) {
  const Figures f = evaluate("heldout7.json", false);
  ASSERT_GE(f.messages, 300);
  // Written by a fourteenth author who saw only the format and conventions, as a week of a
  // sports and orthopaedic clinic's texts (slang, jokes, scary words used lightly; 40 %
  // Spanish), never read. Measured once, after tuning on the eighth development set: recall
  // 95.0 % (133/140), exact tier 89.7 %, routine escalated 10.6 % (17/160), needs_review on
  // routine 14.4 % (1.7 % on routine and status-only texts), status 91.3 %, pain 96 %. Only
  // pain meets the target; the floors hold the measured level.
  EXPECT_GE(f.recall(), 95.0);      // target 100
  EXPECT_GE(f.exact_tier(), 89.6);  // target 95
  EXPECT_LE(f.escalated(), 10.7);   // target 3
  EXPECT_LE(f.reviewed(), 14.4);    // target 5
  EXPECT_GE(f.status(), 91.3);      // target 95
  EXPECT_GE(f.pain(), 96.0);
}

}  // namespace
}  // namespace ptmcp::tools::checkins
