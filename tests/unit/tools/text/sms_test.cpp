#include "tools/text/sms.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/assets.h"

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
  // The thumbs up is said as a word (data/text/emoji_words.json).
  EXPECT_EQ(folded, "\"Done\" - it's fine... thumbs up");
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

// The names of the issue, in both of the clinic's settings. Every count below is worked
// out by hand: GSM-7 counts septets (a basic-table character 1, an extension character 2),
// UCS-2 counts UTF-16 code units (an emoji 2); one segment holds 160 septets or 70 units.
struct NameCase {
  const char* text;
  const char* transliterated;  // what kTransliterate sends
  std::size_t gsm7_septets;    // of `transliterated`
  bool unicode_is_gsm7;        // whether kUnicode still fits GSM-7
  std::size_t unicode_units;   // of the text as written
};

class SmsNames : public ::testing::TestWithParam<NameCase> {};

TEST_P(SmsNames, BothSettingsCountedByHand) {
  const NameCase& c = GetParam();
  const SmsText t = prepare_sms(c.text, SmsEncoding::kTransliterate);
  EXPECT_EQ(t.text, c.transliterated);
  const SmsSize ts = sms_size(t.text);
  EXPECT_TRUE(ts.gsm7) << t.text;
  EXPECT_EQ(ts.units, c.gsm7_septets);
  EXPECT_EQ(ts.segments, 1u);
  // Whatever changed a letter is reported; a text already in GSM-7 reports nothing.
  EXPECT_EQ(t.changes.empty(), t.text == c.text) << c.text;

  const SmsText u = prepare_sms(c.text, SmsEncoding::kUnicode);
  EXPECT_EQ(u.text, c.text);  // kept as written
  EXPECT_TRUE(u.changes.empty());
  const SmsSize us = sms_size(u.text);
  EXPECT_EQ(us.gsm7, c.unicode_is_gsm7);
  EXPECT_EQ(us.units, c.unicode_units);
  EXPECT_EQ(us.segments, 1u);
}

INSTANTIATE_TEST_SUITE_P(
    IssueNames, SmsNames,
    ::testing::Values(
        // "Hi Ramón!": H i space R a m o n ! = 9; ó is not in GSM-7 (ò is), so UCS-2 9 units.
        NameCase{"Hi Ram\xC3\xB3n!", "Hi Ramon!", 9, false, 9},
        // "Hi José!": é is in the GSM-7 basic table, so both settings send GSM-7, 8 septets.
        NameCase{"Hi Jos\xC3\xA9!", "Hi Jos\xC3\xA9!", 8, true, 8},
        // "Hi Nguyễn!": ễ (U+1EC5) folds to e; as written it is one UTF-16 unit: 10 each.
        NameCase{"Hi Nguy\xE1\xBB\x85n!", "Hi Nguyen!", 10, false, 10},
        // "Hi Zoë!": ë is not in GSM-7 (ä ö ü are): "Hi Zoe!" 7 septets, or 7 units.
        NameCase{"Hi Zo\xC3\xAB!", "Hi Zoe!", 7, false, 7},
        // "Great job 👍": the emoji is said as "thumbs up" (9 + 1 space + 9 = 19 septets);
        // kept, it is 2 UTF-16 units after 10 others: 12.
        NameCase{"Great job \xF0\x9F\x91\x8D", "Great job thumbs up", 19, false, 12}));

TEST(Sms, TransliterationReportsEachChangedWord) {
  const SmsText t =
      prepare_sms("Ap\xC3\xB3yese en el bast\xC3\xB3n, Ram\xC3\xB3n", SmsEncoding::kTransliterate);
  EXPECT_EQ(t.text, "Apoyese en el baston, Ramon");
  ASSERT_EQ(t.changes.size(), 3u);
  EXPECT_EQ(t.changes[0], "\"Ap\xC3\xB3yese\" is sent as \"Apoyese\"");
  EXPECT_EQ(t.changes[1], "\"bast\xC3\xB3n\" is sent as \"baston\"");
  EXPECT_EQ(t.changes[2], "\"Ram\xC3\xB3n\" is sent as \"Ramon\"");
}

TEST(Sms, CurlyQuotesAreStraightenedInBothSettingsWithoutAWarning) {
  for (auto setting : {SmsEncoding::kTransliterate, SmsEncoding::kUnicode}) {
    const SmsText t = prepare_sms(
        "It\xE2\x80\x99s \xE2\x80\x9C"
        "done\xE2\x80\x9D",
        setting);
    EXPECT_EQ(t.text, "It's \"done\"");
    EXPECT_TRUE(t.changes.empty());
    EXPECT_TRUE(is_gsm7(t.text));  // a text that fits GSM-7 goes as GSM-7
  }
}

TEST(Sms, EveryEmojiInTheWordListIsSaidAsItsWord) {
  // The schema cannot say "one emoji" of a key: each key must come out as its word.
  const auto data = nlohmann::json::parse(server::require_asset("data/text/emoji_words.json"));
  for (const auto& [emoji, word] : data["words"].items()) {
    const SmsText t = prepare_sms("ok " + emoji, SmsEncoding::kTransliterate);
    EXPECT_EQ(t.text, "ok " + word.get<std::string>()) << emoji;
    EXPECT_EQ(t.changes.size(), 1u) << emoji;
  }
}

TEST(Sms, AnEmojiWithoutAWordIsLeftOutWithAReport) {
  // 🦵 (leg, U+1F9B5) has no word in data/text/emoji_words.json.
  const SmsText t = prepare_sms("Knee day \xF0\x9F\xA6\xB5 today", SmsEncoding::kTransliterate);
  EXPECT_EQ(t.text, "Knee day today");
  ASSERT_EQ(t.changes.size(), 1u);
  EXPECT_EQ(t.changes[0], "\"\xF0\x9F\xA6\xB5\" has no word and is left out");
  // Kept in Unicode: "Knee day " 9 + emoji 2 + " today" 6 = 17 units.
  EXPECT_EQ(
      sms_size(prepare_sms("Knee day \xF0\x9F\xA6\xB5 today", SmsEncoding::kUnicode).text).units,
      17u);
}

TEST(Sms, AnEmojiWithASkinToneOrSelectorIsOneEmoji) {
  // 👍🏽 (thumbs up, medium skin tone) and ❤️ (heart with variation selector).
  const SmsText t = prepare_sms("Nice \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xE2\x9D\xA4\xEF\xB8\x8F",
                                SmsEncoding::kTransliterate);
  EXPECT_EQ(t.text, "Nice thumbs up love");
  EXPECT_EQ(t.changes.size(), 2u);
}

TEST(Sms, ALetterWithoutAGsm7SpellingIsKeptAndTheMessageGoesAsUnicode) {
  // Cyrillic Д (U+0414) has no GSM-7 letter: never dropped, reported.
  const SmsText t = prepare_sms("Hi \xD0\x94ima", SmsEncoding::kTransliterate);
  EXPECT_EQ(t.text, "Hi \xD0\x94ima");
  ASSERT_EQ(t.changes.size(), 1u);
  EXPECT_NE(t.changes[0].find("sent as Unicode"), std::string::npos);
  EXPECT_FALSE(is_gsm7(t.text));
}

TEST(Sms, Ucs2SegmentsAre70SingleAnd67PerPart) {
  std::string o70;
  for (int i = 0; i < 70; ++i)
    o70 += "\xC3\xB3";  // ó, one UTF-16 unit
  EXPECT_EQ(sms_size(o70).segments, 1u);
  EXPECT_EQ(sms_size(o70 + "\xC3\xB3").segments, 2u);  // 71 > 70: 2 parts of up to 67
  std::string o134 = o70;
  for (int i = 0; i < 64; ++i)
    o134 += "\xC3\xB3";
  EXPECT_EQ(sms_size(o134).segments, 2u);               // 134 = 2 x 67
  EXPECT_EQ(sms_size(o134 + "\xC3\xB3").segments, 3u);  // 135 > 134
  std::string thumbs35;
  for (int i = 0; i < 35; ++i)
    thumbs35 += "\xF0\x9F\x91\x8D";
  EXPECT_EQ(sms_size(thumbs35).units, 70u);  // 35 emoji x 2 units
  EXPECT_EQ(sms_size(thumbs35).segments, 1u);
  EXPECT_EQ(sms_size(thumbs35 + "\xF0\x9F\x91\x8D").segments, 2u);  // 72 units
}

TEST(Sms, ExtensionCharactersCountTwiceAfterTransliteration) {
  // "Ramon [5]": R a m o n (5) + space (1) + [ (2) + 5 (1) + ] (2) = 11 septets.
  const SmsText t = prepare_sms("Ram\xC3\xB3n [5]", SmsEncoding::kTransliterate);
  EXPECT_EQ(t.text, "Ramon [5]");
  EXPECT_EQ(sms_size(t.text).units, 11u);
}

TEST(Sms, UnicodeTextSplitsIntoSeventyUnitMessagesKeepingEveryLetter) {
  std::string text;
  for (int i = 0; i < 6; ++i)
    text += "Ap\xC3\xB3yese en el bast\xC3\xB3n, Ram\xC3\xB3n. ";  // 7+1+2+1+2+1+7+1+6 = 28 units
  const std::string prepared = prepare_sms(text, SmsEncoding::kUnicode).text;
  auto messages = split_prepared(prepared);
  // Two 28-unit sentences and a space make 57 units; a third would make 86 > 70: 3 messages.
  ASSERT_EQ(messages.size(), 3u);
  std::string joined;
  for (const auto& m : messages) {
    const SmsSize size = sms_size(m);
    EXPECT_FALSE(size.gsm7);
    EXPECT_EQ(size.units, 57u);
    EXPECT_EQ(size.segments, 1u);
    joined += (joined.empty() ? "" : " ") + m;
  }
  EXPECT_EQ(joined + " ", text);  // every letter kept, in order
}

// Kept as Unicode, a Spanish text goes as GSM-7 wherever a message has no letter outside
// it: a sentence without accents is not cut to 70 characters because another one has them.
TEST(Sms, UnicodeTextSendsEachMessageInTheEncodingItNeeds) {
  const std::string plain =
      "Haga sus ejercicios en casa los lunes, martes y viernes, al apagar la alarma, antes de "
      "poner los pies en el piso.";                   // all GSM-7, more than 70 characters
  const std::string accented = "Dónde: en su cama.";  // "ó" is outside GSM-7
  const std::string prepared = prepare_sms(plain + " " + accented, SmsEncoding::kUnicode).text;
  const auto messages = split_prepared(prepared);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0], plain);
  EXPECT_TRUE(sms_size(messages[0]).gsm7);
  EXPECT_EQ(sms_size(messages[0]).units, plain.size());
  EXPECT_GT(plain.size(), 70u);
  EXPECT_EQ(messages[1], accented);
  EXPECT_FALSE(sms_size(messages[1]).gsm7);
  for (const auto& m : messages)
    EXPECT_EQ(sms_size(m).segments, 1u) << m;
}

}  // namespace
}  // namespace ptmcp::tools::text
