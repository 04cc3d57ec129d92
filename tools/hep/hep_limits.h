// Limits generate_hep checks against, and the clinic's text-message setting: DESIGN's
// defaults from data/config/hep_limits.json, overridden by a clinic's configuration file
// ({"hep": {...}}).
#pragma once

#include <string>

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
};

// The defaults, then the overrides in `config_path` (when not empty). Throws
// std::invalid_argument naming the file and the problem when it cannot be used.
HepLimits load_hep_limits(const std::string& config_path);

}  // namespace ptmcp::tools::hep
