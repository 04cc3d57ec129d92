// How check-in words are folded and which typos the reader forgives. Every expected value
// here is worked out by hand from the rule in checkin_words.h.
#include "tools/checkins/checkin_words.h"

#include <gtest/gtest.h>

namespace ptmcp::tools::checkins {
namespace {

std::vector<std::string> texts(std::string_view message) {
  std::vector<std::string> out;
  for (const auto& w : split_words(message))
    out.push_back(w.text);
  return out;
}

TEST(CheckinWords, FoldCaseAccentsApostrophesAndLetterRuns) {
  EXPECT_EQ(texts("Me DUELE la Pantorrilla"),
            (std::vector<std::string>{"me", "duele", "la", "pantorrilla"}));
  EXPECT_EQ(texts("hinchazón, inflamación"),
            (std::vector<std::string>{"hinchazon", ",", "inflamacion"}));
  EXPECT_EQ(texts("ÁÉÍÓÚÑ"), std::vector<std::string>{"aeioun"});
  EXPECT_EQ(texts("can't / can\xE2\x80\x99t / cant"),
            (std::vector<std::string>{"cant", "cant", "cant"}));
  // Runs of three or more letters are cut to two: "sooo" -> "soo", "swolllen" -> "swollen".
  const auto words = split_words("sooo swolllen");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "soo");
  EXPECT_EQ(words[1].text, "swollen");
  EXPECT_TRUE(words[1].stretched);
  EXPECT_EQ(squeeze_runs("feeeverrr"), "fever");
}

TEST(CheckinWords, NumbersStayWholeAndUnitsSplitOff) {
  EXPECT_EQ(texts("6/10, 2-3, 100.4, 7:30"),
            (std::vector<std::string>{"6/10", ",", "2-3", ",", "100.4", ",", "7:30"}));
  EXPECT_EQ(texts("at 7am 38c 2x"),
            (std::vector<std::string>{"at", "7", "am", "38", "c", "2", "x"}));
  EXPECT_EQ(texts("the 1st one"), (std::vector<std::string>{"the", "1st", "one"}));
  EXPECT_EQ(texts("101\xC2\xB0"
                  "F"),
            (std::vector<std::string>{"101", "degrees", "f"}));
}

TEST(CheckinWords, ClauseMarksEmojiAndOffsets) {
  EXPECT_EQ(texts("done \xF0\x9F\x91\x8D\nknee ok?"),
            (std::vector<std::string>{"done", "done", ".", "knee", "ok", "?"}));
  EXPECT_EQ(texts("Done - pain 1"), (std::vector<std::string>{"done", ",", "pain", "1"}));
  EXPECT_EQ(texts("fever \xF0\x9F\xA4\x92"), (std::vector<std::string>{"fever", "fever"}));
  // An emoji does not part a site from its finding: "my calf 😩 so swollen".
  EXPECT_EQ(texts("calf \xF0\x9F\x98\xA9 swollen"), (std::vector<std::string>{"calf", "swollen"}));
  const auto words = split_words("Calf swollen");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[1].begin, 5u);
  EXPECT_EQ(words[1].end, 12u);
}

TEST(CheckinWords, TypoDistanceCountsOneForEachEdit) {
  EXPECT_EQ(typo_distance("swolen", "swollen", 2), 1u);     // a letter missing
  EXPECT_EQ(typo_distance("feaver", "fever", 2), 1u);       // a letter added
  EXPECT_EQ(typo_distance("fevor", "fever", 2), 1u);        // a letter changed
  EXPECT_EQ(typo_distance("sewlling", "swelling", 2), 1u);  // two letters swapped
  EXPECT_EQ(typo_distance("numbnes", "numbness", 2), 1u);
  EXPECT_EQ(typo_distance("bread", "breath", 2), 2u);   // d->t, then h added
  EXPECT_EQ(typo_distance("abcdef", "uvwxyz", 2), 3u);  // over the limit: limit + 1
}

TEST(CheckinWords, TyposForgivenOnlyOnLongWordsWithTheSameFirstLetter) {
  // Matches: one typo on 5-7 letters, two on 8 or more (by the shorter word).
  EXPECT_TRUE(could_be_typo_of("swolen", "swollen"));
  EXPECT_TRUE(could_be_typo_of("feaver", "fever"));
  EXPECT_TRUE(could_be_typo_of("breth", "breath"));  // 5 letters typed: one typo allowed
  EXPECT_TRUE(could_be_typo_of("sweeling", "swelling"));
  EXPECT_TRUE(could_be_typo_of("tinglling", "tingling"));
  EXPECT_TRUE(could_be_typo_of("numbnss", "numbness"));
  // Must not match: short words, a different first letter, too many typos.
  EXPECT_FALSE(could_be_typo_of("bed", "red"));
  EXPECT_FALSE(could_be_typo_of("dumb", "numb"));
  EXPECT_FALSE(could_be_typo_of("calm", "calf"));
  EXPECT_FALSE(could_be_typo_of("never", "fever"));
  EXPECT_FALSE(could_be_typo_of("right", "tight"));
  EXPECT_FALSE(could_be_typo_of("night", "tight"));
  EXPECT_FALSE(could_be_typo_of("bread", "breath"));    // two typos on a 5-letter word
  EXPECT_FALSE(could_be_typo_of("stolen", "swollen"));  // two typos on 6 letters
  EXPECT_TRUE(could_be_typo_of("breathe", "breath"));   // one added letter
}

}  // namespace
}  // namespace ptmcp::tools::checkins
