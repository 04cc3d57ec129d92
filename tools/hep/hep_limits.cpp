#include "tools/hep/hep_limits.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "server/schema_validator.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

void apply_overrides(const Json& hep, HepLimits& limits) {
  limits.exercises_max = hep.value("exercises_max", limits.exercises_max);
  limits.exercises_warn_max = hep.value("exercises_warn_max", limits.exercises_warn_max);
  limits.sentences_min = hep.value("sentences_min", limits.sentences_min);
  limits.sentences_max = hep.value("sentences_max", limits.sentences_max);
  limits.grade_target = hep.value("grade_target", limits.grade_target);
  limits.grade_ceiling = hep.value("grade_ceiling", limits.grade_ceiling);
  limits.page_word_budget = hep.value("page_word_budget", limits.page_word_budget);
  limits.large_print_word_budget =
      hep.value("large_print_word_budget", limits.large_print_word_budget);
  limits.pain_rise_max = hep.value("pain_rise_max", limits.pain_rise_max);
  if (hep.contains("sms_encoding")) {
    limits.sms_encoding = hep["sms_encoding"] == "unicode" ? text::SmsEncoding::kUnicode
                                                           : text::SmsEncoding::kTransliterate;
  }
}

}  // namespace

HepLimits load_hep_limits(const std::string& config_path) {
  HepLimits limits;
  const Json fit = Json::parse(server::require_asset("data/config/page_fit.json"));
  limits.page_word_budget = fit.at("default_print").at("one_sheet_words");
  limits.large_print_word_budget = fit.at("large_print").at("two_sheet_words");
  apply_overrides(Json::parse(server::require_asset("data/config/hep_limits.json"))["hep"], limits);
  if (config_path.empty()) return limits;
  std::ifstream file(config_path);
  if (!file) throw std::invalid_argument("cannot read the configuration file " + config_path);
  Json config = Json::parse(file, nullptr, false);
  if (config.is_discarded()) {
    throw std::invalid_argument("the configuration file " + config_path + " is not valid JSON");
  }
  server::SchemaValidator validator(
      Json::parse(server::require_asset("schemas/data/hep_limits.json")));
  Json hep_only = {{"hep", config.value("hep", Json::object())}};
  if (auto problems = validator.validate(hep_only); !problems.empty()) {
    throw std::invalid_argument("the configuration file " + config_path + ": " +
                                problems[0].pointer + " " + problems[0].message);
  }
  apply_overrides(hep_only["hep"], limits);
  if (limits.exercises_warn_max < limits.exercises_max ||
      limits.sentences_max < limits.sentences_min || limits.grade_ceiling < limits.grade_target) {
    throw std::invalid_argument("the configuration file " + config_path +
                                ": a maximum is below its minimum");
  }
  return limits;
}

}  // namespace ptmcp::tools::hep
