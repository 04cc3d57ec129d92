#include "tools/text/readability.h"

#include <gtest/gtest.h>

namespace ptmcp::tools::text {
namespace {

using Sentences = std::vector<std::string>;

TEST(SplitSentences, PlainSentences) {
  EXPECT_EQ(split_sentences("Lie on your back. Bend your knee! Is it sore? Rest."),
            (Sentences{"Lie on your back.", "Bend your knee!", "Is it sore?", "Rest."}));
}

TEST(SplitSentences, AbbreviationsDoNotEndSentences) {
  EXPECT_EQ(split_sentences("Use a towel, e.g. a bath towel. Ask Dr. Lee about it. Then rest."),
            (Sentences{"Use a towel, e.g. a bath towel.", "Ask Dr. Lee about it.", "Then rest."}));
}

TEST(SplitSentences, NumbersAndRangesStayWhole) {
  EXPECT_EQ(split_sentences("Walk 5.5 minutes. Do 2-3 rounds."),
            (Sentences{"Walk 5.5 minutes.", "Do 2-3 rounds."}));
}

TEST(SplitSentences, TimesWithAmPm) {
  EXPECT_EQ(split_sentences("Start at 7:00 a.m. every day. Stop by 9 p.m. Then sleep."),
            (Sentences{"Start at 7:00 a.m. every day.", "Stop by 9 p.m.", "Then sleep."}));
}

TEST(SplitSentences, ListItemsAreSentencesAndTheirNumbersAreNot) {
  EXPECT_EQ(split_sentences("HOME EXERCISE PROGRAM\n\n1. Quad sets - 3x10\n2. SLR - 3x10\n- Heel "
                            "slides\n• Ankle pumps\nCall with questions."),
            (Sentences{"HOME EXERCISE PROGRAM", "Quad sets - 3x10", "SLR - 3x10", "Heel slides",
                       "Ankle pumps", "Call with questions."}));
}

TEST(SplitSentences, WrappedLinesJoin) {
  EXPECT_EQ(split_sentences("Lie on your back and\nslide your heel up. Rest."),
            (Sentences{"Lie on your back and slide your heel up.", "Rest."}));
}

TEST(SplitSentences, CurlyQuotesAndEllipsis) {
  EXPECT_EQ(split_sentences("Say \xE2\x80\x9C"
                            "done\xE2\x80\x9D when you finish. Wait\xE2\x80\xA6 then go."),
            (Sentences{"Say \"done\" when you finish.", "Wait... then go."}));
}

TEST(SplitWords, KeepsContractionsHyphensNumbersAndTimes) {
  EXPECT_EQ(
      split_words("Don't step-over-step at 7:00, do 5.5 or 2-3 (twice)."),
      (Sentences{"Don't", "step-over-step", "at", "7:00", "do", "5.5", "or", "2-3", "twice"}));
}

TEST(Syllables, VowelGroupsAndSilentEndings) {
  EXPECT_EQ(count_syllables("knee"), 1);
  EXPECT_EQ(count_syllables("make"), 1);
  EXPECT_EQ(count_syllables("table"), 2);
  EXPECT_EQ(count_syllables("whole"), 1);
  EXPECT_EQ(count_syllables("times"), 1);
  EXPECT_EQ(count_syllables("boxes"), 2);
  EXPECT_EQ(count_syllables("places"), 2);
  EXPECT_EQ(count_syllables("moved"), 1);
  EXPECT_EQ(count_syllables("lifted"), 2);
  EXPECT_EQ(count_syllables("hundred"), 2);
  EXPECT_EQ(count_syllables("safely"), 2);
  EXPECT_EQ(count_syllables("movement"), 2);
  EXPECT_EQ(count_syllables("something"), 2);
  EXPECT_EQ(count_syllables("beyond"), 2);
  EXPECT_EQ(count_syllables("yes"), 1);
  EXPECT_EQ(count_syllables("period"), 3);
  EXPECT_EQ(count_syllables("motion"), 2);
  EXPECT_EQ(count_syllables("onion"), 2);
  EXPECT_EQ(count_syllables("video"), 3);
  EXPECT_EQ(count_syllables("going"), 2);
  EXPECT_EQ(count_syllables("rehabilitation"), 6);
}

TEST(Syllables, ExceptionsComeFromData) {
  EXPECT_EQ(count_syllables("every"), 2);
  EXPECT_EQ(count_syllables("Wednesday"), 2);
  EXPECT_EQ(count_syllables("people"), 2);
}

TEST(Syllables, HyphensNumbersAndCase) {
  EXPECT_EQ(count_syllables("step-over-step"), 4);
  EXPECT_EQ(count_syllables("10"), 1);
  EXPECT_EQ(count_syllables("KNEE"), 1);
  EXPECT_EQ(count_syllables(""), 0);
}

TEST(Measure, FleschKincaidByHand) {
  // 2 sentences, 8 words, 9 syllables ("Lie on your back." 4/4, "Bend your knee slowly." 4/5).
  Readability r = measure("Lie on your back. Bend your knee slowly.");
  EXPECT_EQ(r.sentences, 2);
  EXPECT_EQ(r.words, 8);
  EXPECT_EQ(r.syllables, 9);
  EXPECT_NEAR(r.grade, 0.39 * 4 + 11.8 * 9.0 / 8 - 15.59, 1e-9);
  EXPECT_NEAR(r.reading_ease, 206.835 - 1.015 * 4 - 84.6 * 9.0 / 8, 1e-9);
}

TEST(Measure, EmptyTextScoresZero) {
  Readability r = measure("  \n ");
  EXPECT_EQ(r.words, 0);
  EXPECT_EQ(r.grade, 0);
}

TEST(Measure, ClinicalProseReadsHarderThanAHandout) {
  const double handout = measure("Lie on your back. Slide your heel up. Rest.").grade;
  const double clinical =
      measure(
          "Patient demonstrates improved quadriceps activation with decreased extensor lag "
          "during terminal knee extension secondary to postoperative inhibition.")
          .grade;
  EXPECT_LT(handout, 3);
  EXPECT_GT(clinical, 12);
}

TEST(HardestSentences, RanksByGrade) {
  auto hard = hardest_sentences(
      "Rest. Proprioceptive reeducation necessitates individualized progression. Walk slowly.", 2);
  ASSERT_EQ(hard.size(), 2u);
  EXPECT_EQ(hard[0].text, "Proprioceptive reeducation necessitates individualized progression.");
  EXPECT_GT(hard[0].grade, hard[1].grade);
}

}  // namespace
}  // namespace ptmcp::tools::text
