// The per-language message files (data/messages/<language>.json): every language has every
// key and only placeholders English has, and a program in Spanish renders no English
// template text on the page, in the text messages or in the calendar.
#include "tools/text/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "tools/hep/checks.h"
#include "tools/hep/render.h"
#include "tools/library/dose_text.h"
#include "tools/text/readability_es.h"

namespace ptmcp::tools::text {
namespace {

using Json = nlohmann::json;

std::set<std::string> placeholders(const std::string& s) {
  std::set<std::string> out;
  static const std::regex brace(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), brace); it != std::sregex_iterator();
       ++it)
    out.insert((*it)[1]);
  return out;
}

// Every text of a file by its pointer; a list's items as one text per list (a reply list's
// items may differ in which placeholders they use, but not in which the list knows).
void texts_of(const Json& j, const std::string& at, std::map<std::string, std::string>& out) {
  if (j.is_string()) {
    out[at] = j.get<std::string>();
  } else if (j.is_array()) {
    std::string all;
    for (const auto& item : j)
      all += item.get<std::string>() + "\n";
    out[at] = all;
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      texts_of(v, at + "/" + k, out);
  }
}

TEST(Messages, EveryLanguageHasEveryKeyAndTheSamePlaceholders) {
  ASSERT_GE(message_languages().size(), 2u);
  EXPECT_EQ(message_languages().front(), "en");
  std::map<std::string, std::string> english;
  texts_of(messages("en").data(), "", english);
  for (const auto& lang : message_languages()) {
    std::map<std::string, std::string> other;
    texts_of(messages(lang).data(), "", other);
    for (const auto& [at, text] : english) {
      if (at == "/language" || at == "/name" || at == "/description" || at.starts_with("/sources"))
        continue;
      ASSERT_TRUE(other.contains(at)) << lang << " lacks " << at;
      if (at == "/page/milestone_lead" || at == "/praise" || at == "/page/possessive_leads")
        continue;  // patterns and word lists, not texts with placeholders
      // A language may leave a value out ("el ejercicio" needs no count), never use one
      // ptmcp does not fill.
      const auto theirs = placeholders(other[at]);
      const auto ours = placeholders(text);
      EXPECT_TRUE(std::includes(ours.begin(), ours.end(), theirs.begin(), theirs.end()))
          << lang << at << " uses a placeholder English does not";
    }
  }
}

TEST(Messages, FillsPlaceholdersAndLeavesUnknownOnesAsWritten) {
  EXPECT_EQ(fill_placeholders("Hi {name}! {count} of {count}", {{"name", "Ana"}, {"count", "2"}}),
            "Hi Ana! 2 of 2");
  EXPECT_EQ(fill_placeholders("{missing} and {", {}), "{missing} and {");
  EXPECT_EQ(messages("xx").language(), "en");
  EXPECT_TRUE(has_messages("es"));
  EXPECT_FALSE(has_messages("fr"));
}

TEST(Messages, SpanishFixedTextReadsAtTheSixthGradeLevel) {
  // All of the Spanish page, rule and reply text as one passage, placeholders filled with
  // short words: Fernández-Huerta 70 or above is sixth grade or easier.
  std::map<std::string, std::string> spanish;
  texts_of(messages("es").data(), "", spanish);
  std::string passage;
  for (const auto& [at, text] : spanish) {
    if (!(at.starts_with("/page/") || at.starts_with("/rules/") || at.starts_with("/replies/")) ||
        at == "/page/milestone_lead" || at == "/page/possessive_leads")
      continue;
    passage += std::regex_replace(text, std::regex(R"(\{[a-z_]+\})"), "Ana") + " ";
  }
  const SpanishReadability r = measure_es(passage);
  EXPECT_GE(r.fernandez_huerta, 70.0) << r.fernandez_huerta;
}

TEST(Messages, DosesAreSaidInThePatientsLanguage) {
  library::Dose dose;
  dose.sets = 2;
  dose.reps = 10;
  dose.hold_seconds = 5;
  EXPECT_EQ(library::dose_text(dose, std::string("right")),
            "2 rounds of 10, holding each for 5 seconds, right side only");
  EXPECT_EQ(library::dose_text(dose, std::string("right"), "es"),
            "2 series de 10, y mantenga cada una 5 segundos, solo el lado derecho");
}

// A program made in English and then rendered in Spanish: the assistant's text stays as
// written, and no fixed English text of en.json is left in any rendering.
TEST(Messages, ASpanishProgramRendersNoEnglishTemplateText) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
  auto o = hep::check_hep(Json::parse(file), hep::HepLimits{});
  ASSERT_TRUE(o.value);
  hep::Program p = *o.value;
  p.language = "es";
  const hep::Stamp stamp{"p-es0000001", 1, "2026-11-23T18:00:00Z"};
  std::string assistant = p.patient_name + " " + p.when + " " + p.where + " " + p.trigger + " " +
                          p.log_instruction + " " + p.problem_contact + " " + p.milestone + " " +
                          p.contact + " " + p.caregiver;
  for (const auto& e : p.exercises)
    assistant += " " + e.name + " " + e.description + " " + e.clinic_link;
  const std::string html = hep::render_html(p, stamp);
  const hep::SmsRendering sms = hep::render_sms(p, SmsEncoding::kUnicode);
  std::string all = hep::render_markdown(p, {}, stamp) + html + hep::render_ics(p, stamp);
  for (const auto& m : sms.messages)
    all += m + "\n";
  for (const auto& r : sms.reminders)
    all += r + "\n";
  EXPECT_NE(html.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(html.find("Ejercicios en casa de Maria"), std::string::npos);
  EXPECT_NE(all.find("Sus reglas"), std::string::npos);
  EXPECT_NE(all.find("lunes"), std::string::npos);
  std::map<std::string, std::string> english;
  texts_of(messages("en").data(), "", english);
  int checked = 0;
  for (const auto& [at, text] : english) {
    if (!(at.starts_with("/page/") || at.starts_with("/sms/") || at.starts_with("/calendar/")) ||
        at == "/page/milestone_lead" || at == "/page/possessive_leads")
      continue;
    // Each run of the template between placeholders with two words or more.
    static const std::regex between(R"(\{[a-z_]+\}|\n)");
    const std::vector<std::string> pieces(
        std::sregex_token_iterator(text.begin(), text.end(), between, -1),
        std::sregex_token_iterator());
    for (const auto& piece : pieces) {
      const auto first = piece.find_first_not_of(" ,.:!()");
      if (first == std::string::npos) continue;
      const std::string words = piece.substr(first, piece.find_last_not_of(" ,.:!()") - first + 1);
      if (words.find(' ') == std::string::npos || assistant.find(words) != std::string::npos)
        continue;
      ++checked;
      EXPECT_EQ(all.find(words), std::string::npos) << at << ": \"" << words << "\"";
    }
  }
  EXPECT_GT(checked, 30);
}

}  // namespace
}  // namespace ptmcp::tools::text
