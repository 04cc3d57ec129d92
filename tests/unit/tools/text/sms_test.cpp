#include "tools/text/sms.h"

#include <gtest/gtest.h>

namespace ptmcp::tools::text {
namespace {

TEST(Sms, PlainAsciiIsGsm7) {
  SmsSize s = sms_size("Text DONE after you finish.");
  EXPECT_TRUE(s.gsm7);
  EXPECT_EQ(s.units, 27u);
  EXPECT_EQ(s.segments, 1u);
}

TEST(Sms, SegmentBoundariesForGsm7) {
  EXPECT_EQ(sms_size(std::string(160, 'a')).segments, 1u);
  EXPECT_EQ(sms_size(std::string(161, 'a')).segments, 2u);
  EXPECT_EQ(sms_size(std::string(306, 'a')).segments, 2u);
  EXPECT_EQ(sms_size(std::string(307, 'a')).segments, 3u);
  EXPECT_EQ(sms_size("").segments, 0u);
}

TEST(Sms, ExtensionCharactersCountTwice) {
  SmsSize s = sms_size("[a]\xE2\x82\xAC");  // "[a]€"
  EXPECT_TRUE(s.gsm7);
  EXPECT_EQ(s.units, 7u);
  EXPECT_EQ(sms_size(std::string(80, '{')).segments, 1u);
  EXPECT_EQ(sms_size(std::string(81, '{')).segments, 2u);
}

TEST(Sms, AccentedLettersInTheGsmTable) {
  EXPECT_TRUE(
      is_gsm7("Ma\xC3\xB1"
              "ana, caf\xC3\xA9"));  // "Mañana, café"
}

TEST(Sms, CurlyQuotesAndEmojiNeedUcs2) {
  SmsSize quote = sms_size("it\xE2\x80\x99s");  // right single quote
  EXPECT_FALSE(quote.gsm7);
  EXPECT_EQ(quote.units, 4u);
  SmsSize emoji = sms_size("ok \xF0\x9F\x91\x8D");  // thumbs up: two UTF-16 units
  EXPECT_FALSE(emoji.gsm7);
  EXPECT_EQ(emoji.units, 5u);
  EXPECT_EQ(sms_size(std::string(70, 'a') + "\xE2\x80\x99").segments, 2u);  // 71 > 70
  EXPECT_EQ(sms_size(std::string(69, 'a') + "\xE2\x80\x99").segments, 1u);
}

TEST(Sms, NormalizationKeepsMessagesInGsm7) {
  std::string folded = to_gsm7(
      "\xE2\x80\x9C"
      "Done\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s fine\xE2\x80\xA6 \xF0\x9F\x91\x8D");
  EXPECT_EQ(folded, "\"Done\" - it's fine...");
  EXPECT_TRUE(is_gsm7(folded));
}

TEST(Sms, SplitsAtSentencesIntoSingleSegments) {
  std::string text;
  for (int i = 0; i < 12; ++i)
    text += "Lie on your back and slide your heel up slowly. ";
  auto messages = split_into_messages(text);
  ASSERT_GT(messages.size(), 1u);
  std::string joined;
  for (const auto& m : messages) {
    EXPECT_LE(sms_size(m).units, 160u);
    EXPECT_TRUE(is_gsm7(m));
    EXPECT_EQ(m.back(), '.');  // whole sentences
    joined += (joined.empty() ? "" : " ") + m;
  }
  EXPECT_EQ(joined + " ", text);  // nothing lost, nothing reordered
}

TEST(Sms, SplitsALongSentenceAtWords) {
  std::string sentence;
  for (int i = 0; i < 40; ++i)
    sentence += "word" + std::to_string(i) + " ";
  sentence += "end.";
  auto messages = split_into_messages(sentence, 60);
  for (const auto& m : messages) {
    EXPECT_LE(sms_size(m).units, 60u);
    EXPECT_NE(m.front(), ' ');
  }
  EXPECT_EQ(messages.back().substr(messages.back().size() - 4), "end.");
}

TEST(Sms, SplitsAWordLongerThanAMessage) {
  auto messages = split_into_messages(std::string(400, 'x'));
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].size(), 160u);
  EXPECT_EQ(messages[2].size(), 80u);
}

}  // namespace
}  // namespace ptmcp::tools::text
