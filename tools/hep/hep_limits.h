// Limits generate_hep checks against: DESIGN's defaults from data/config/hep_limits.json,
// overridden by a clinic's configuration file ({"hep": {...}}).
#pragma once

#include <string>

namespace ptmcp::tools::hep {

struct HepLimits {
  int exercises_max = 3;
  int exercises_warn_max = 4;
  int sentences_min = 2;
  int sentences_max = 3;
  double grade_target = 6;
  double grade_ceiling = 8;
  int page_word_budget = 380;
  int pain_rise_max = 2;
};

// The defaults, then the overrides in `config_path` (when not empty). Throws
// std::invalid_argument naming the file and the problem when it cannot be used.
HepLimits load_hep_limits(const std::string& config_path);

}  // namespace ptmcp::tools::hep
