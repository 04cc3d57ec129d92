#include "tools/hep/hep_limits.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "server/schema_validator.h"
#include "tools/text/readability.h"
#include "tools/text/readability_es.h"

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
  const Json es = hep.value("reading_targets", Json::object()).value("es", Json::object());
  limits.es_fernandez_huerta_target =
      es.value("fernandez_huerta_target", limits.es_fernandez_huerta_target);
  limits.es_fernandez_huerta_floor =
      es.value("fernandez_huerta_floor", limits.es_fernandez_huerta_floor);
  if (hep.contains("sms_encoding")) {
    limits.sms_encoding = hep["sms_encoding"] == "unicode" ? text::SmsEncoding::kUnicode
                                                           : text::SmsEncoding::kTransliterate;
  }
}

// The school grade of a Fernández-Huerta band (Fernández-Huerta 1959): 90-100 fourth grade,
// 80-90 fifth, 70-80 sixth, 60-70 seventh and eighth, 50-60 the last years of school,
// 30-50 college, below 30 past it.
double fernandez_huerta_grade(double score) {
  if (score >= 90) return 4;
  if (score >= 80) return 5;
  if (score >= 70) return 6;
  if (score >= 60) return 8;
  if (score >= 50) return 10;
  if (score >= 30) return 13;
  return 16;
}

}  // namespace

std::string ReadingJudgement::figure() const {
  return formula == "fernandez_huerta" ? fmt::format("Fernández-Huerta {:.1f}", score)
                                       : fmt::format("grade {:.1f}", score);
}

std::string ReadingJudgement::against_target() const {
  return formula == "fernandez_huerta"
             ? fmt::format("below the target of {:g} (higher is easier)", target)
             : fmt::format("above the target of {:g}", target);
}

std::string ReadingJudgement::against_limit() const {
  return formula == "fernandez_huerta"
             ? fmt::format("below the floor of {:g} (higher is easier)", limit)
             : fmt::format("above the ceiling of {:g}", limit);
}

Json reading_figures(const ReadingJudgement& j) {
  const auto r1 = [](double v) { return std::round(v * 10) / 10; };
  Json out = {{"language", j.language},
              {"formula", j.formula},
              {"score", r1(j.score)},
              {"target", r1(j.target)},
              {"limit", r1(j.limit)}};
  if (j.formula == "fernandez_huerta") {
    out["fernandez_huerta"] = r1(j.score);
    out["inflesz"] = r1(j.inflesz);
    out["inflesz_band"] = j.inflesz_band;
  } else {
    out["grade_level"] = r1(j.score);
    out["flesch_reading_ease"] = r1(j.reading_ease);
  }
  return out;
}

ReadingJudgement judge_reading(std::string_view text, std::string_view language, double grade_max,
                               const HepLimits& limits) {
  ReadingJudgement j;
  j.language = std::string(language);
  if (language == "es") {
    const auto r = text::measure_es(text);
    j.formula = "fernandez_huerta";
    j.score = r.fernandez_huerta;
    j.reading_ease = r.fernandez_huerta;
    j.inflesz = r.inflesz;
    j.inflesz_band = r.inflesz_band;
    j.words = r.words;
    j.grade = fernandez_huerta_grade(r.fernandez_huerta);
    j.target = std::clamp(
        limits.es_fernandez_huerta_target + 10 * (limits.grade_target - grade_max), 0.0, 100.0);
    j.limit = std::min(limits.es_fernandez_huerta_floor, j.target);
    j.over_target = r.words > 0 && j.score < j.target;
    j.over_limit = r.words > 0 && j.score < j.limit;
    if (!j.over_target) return j;  // the hardest sentence is only for the fix
    double lowest = 1000;
    for (const auto& s : text::split_sentences(text)) {
      const double fh = text::measure_es(s).fernandez_huerta;
      if (fh < lowest) {
        lowest = fh;
        j.hardest = s;
      }
    }
    return j;
  }
  const auto r = text::measure(text);
  j.formula = "grade_level";
  j.score = r.grade;
  j.grade = r.grade;
  j.reading_ease = r.reading_ease;
  j.words = r.words;
  j.target = grade_max;
  j.limit = std::max(limits.grade_ceiling, grade_max);
  j.over_target = j.score > j.target;
  j.over_limit = j.score > j.limit;
  if (!j.over_target) return j;  // the hardest sentence is only for the fix
  const auto hard = text::hardest_sentences(text, 1);
  if (!hard.empty()) j.hardest = hard[0].text;
  return j;
}

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
      limits.sentences_max < limits.sentences_min || limits.grade_ceiling < limits.grade_target ||
      limits.es_fernandez_huerta_floor > limits.es_fernandez_huerta_target) {
    throw std::invalid_argument("the configuration file " + config_path +
                                ": a maximum is below its minimum");
  }
  return limits;
}

}  // namespace ptmcp::tools::hep
