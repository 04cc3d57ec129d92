#include "tools/hep/hep_limits.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace ptmcp::tools::hep {
namespace {

std::string write_config(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("ptmcp-config-" + std::to_string(std::random_device{}()) + ".json");
  std::ofstream(path) << text;
  return path.string();
}

TEST(HepLimits, DefaultsAreDesigns) {
  HepLimits limits = load_hep_limits("");
  EXPECT_EQ(limits.exercises_max, 3);
  EXPECT_EQ(limits.exercises_warn_max, 4);
  EXPECT_EQ(limits.sentences_min, 2);
  EXPECT_EQ(limits.sentences_max, 3);
  EXPECT_EQ(limits.grade_target, 6);
  EXPECT_EQ(limits.grade_ceiling, 8);
  EXPECT_EQ(limits.pain_rise_max, 2);
}

TEST(HepLimits, AClinicOverridesWhatItNames) {
  HepLimits limits =
      load_hep_limits(write_config(R"({"hep": {"grade_target": 5, "pain_rise_max": 3}})"));
  EXPECT_EQ(limits.grade_target, 5);
  EXPECT_EQ(limits.pain_rise_max, 3);
  EXPECT_EQ(limits.exercises_max, 3);  // untouched
}

TEST(HepLimits, TheClinicChoosesHowTextMessagesCarryOtherLetters) {
  EXPECT_EQ(load_hep_limits("").sms_encoding, text::SmsEncoding::kTransliterate);
  EXPECT_EQ(load_hep_limits(write_config(R"({"hep": {"sms_encoding": "unicode"}})")).sms_encoding,
            text::SmsEncoding::kUnicode);
  EXPECT_EQ(
      load_hep_limits(write_config(R"({"hep": {"sms_encoding": "transliterate"}})")).sms_encoding,
      text::SmsEncoding::kTransliterate);
  EXPECT_THROW(load_hep_limits(write_config(R"({"hep": {"sms_encoding": "ascii"}})")),
               std::invalid_argument);
}

TEST(HepLimits, ABadFileIsRefusedWithItsProblem) {
  EXPECT_THROW(load_hep_limits("/nonexistent/ptmcp.json"), std::invalid_argument);
  EXPECT_THROW(load_hep_limits(write_config("{not json")), std::invalid_argument);
  EXPECT_THROW(load_hep_limits(write_config(R"({"hep": {"grade_target": "six"}})")),
               std::invalid_argument);
  EXPECT_THROW(
      load_hep_limits(write_config(R"({"hep": {"exercises_max": 5, "exercises_warn_max": 4}})")),
      std::invalid_argument);
}

}  // namespace
}  // namespace ptmcp::tools::hep
