// Limits generate_hep checks against, and the clinic's text-message setting: DESIGN's
// defaults from data/config/hep_limits.json, overridden by a clinic's configuration file
// ({"hep": {...}}).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tools/text/sms.h"

namespace ptmcp::tools::hep {

struct HepLimits {
  int exercises_max = 3;
  int exercises_warn_max = 4;
  int sentences_min = 2;
  int sentences_max = 3;
  double grade_target = 6;
  double grade_ceiling = 8;
  // Words that fit one printed sheet at default print, and two sheets in large print:
  // measured by printing a grid of programs (data/config/page_fit.json).
  int page_word_budget = 380;
  int large_print_word_budget = 600;
  int pain_rise_max = 2;
  // Text messages outside GSM-7: "transliterate" (the nearest GSM-7 letters) or "unicode".
  text::SmsEncoding sms_encoding = text::SmsEncoding::kTransliterate;
  // Spanish patient text, by the Fernández-Huerta score (higher is easier): reported below
  // the target, refused below the floor. 70 and 60 are the formula's sixth-grade and
  // seventh-to-eighth-grade bands, matching grade_target 6 and grade_ceiling 8.
  double es_fernandez_huerta_target = 70;
  double es_fernandez_huerta_floor = 60;
};

// How a patient text reads in its language, against the clinic's targets: English by grade
// level (lower is easier), Spanish by Fernández-Huerta (higher is easier), with Szigriszt-
// Pazos on the INFLESZ scale reported beside it.
struct ReadingJudgement {
  std::string language;
  std::string formula;  // "grade_level" or "fernandez_huerta"
  double score = 0;     // the formula's figure
  double target = 0;    // reported past it
  double limit = 0;     // a page is refused past it
  bool over_target = false;
  bool over_limit = false;
  // The school grade the figure stands for: the grade itself in English, the grade of the
  // Fernández-Huerta band in Spanish (70-80 is 6, 60-70 is 8).
  double grade = 0;
  double reading_ease = 0;  // Flesch reading ease in English, Fernández-Huerta in Spanish
  double inflesz = 0;       // Spanish only
  std::string inflesz_band;
  int words = 0;
  std::string hardest;  // the hardest sentence, for the fix; empty when the text is on target

  // "grade 7.2" or "Fernández-Huerta 64.0".
  std::string figure() const;
  // "above the target of 6" or "below the target of 70 (higher is easier)".
  std::string against_target() const;
  std::string against_limit() const;
};

// `grade_max` is the patient's reading grade; in Spanish a grade other than the clinic's
// grade_target moves the Fernández-Huerta target 10 points (one band) per grade.
// The figures under their formulas' names: {"language", "formula", "score", "target", "limit",
// and "grade_level" and "flesch_reading_ease" (English) or "fernandez_huerta", "inflesz" and
// "inflesz_band" (Spanish)}.
nlohmann::json reading_figures(const ReadingJudgement& j);

ReadingJudgement judge_reading(std::string_view text, std::string_view language, double grade_max,
                               const HepLimits& limits);

// The defaults, then the overrides in `config_path` (when not empty). Throws
// std::invalid_argument naming the file and the problem when it cannot be used.
HepLimits load_hep_limits(const std::string& config_path);

}  // namespace ptmcp::tools::hep
