#include "tools/notes/progress_note.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/checkins/review_adherence.h"
#include "tools/hep/dates.h"
#include "tools/hep/program.h"
#include "tools/store/program_id_completion.h"
#include "tools/text/jargon.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::notes {
namespace {

using Json = nlohmann::json;

std::string lower(const std::string& s) {
  return text::lower(s);
}

std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : lower(s)) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

const Json& measure_table() {
  static const Json table =
      Json::parse(server::require_asset("data/clinical/outcome_measures.json"))["measures"];
  return table;
}

const Json& note_rules() {
  static const Json rules = Json::parse(server::require_asset("data/clinical/note_rules.json"));
  return rules;
}

const Json* find_measure(const std::string& name) {
  const std::string wanted = squeeze(name);
  for (const auto& m : measure_table()) {
    if (squeeze(m["name"]) == wanted || squeeze(m["id"]) == wanted) return &m;
    for (const auto& a : m["aliases"]) {
      if (squeeze(a) == wanted) return &m;
    }
  }
  return nullptr;
}

std::string number(double v) {
  return fmt::format("{:g}", std::round(v * 100) / 100);
}

// The first number in a goal's baseline, target or current ("300 feet with cane" -> 300).
std::optional<double> first_number(const Json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  static const std::regex pattern(R"((-?\d+(\.\d+)?))");
  std::smatch m;
  const std::string text = value.get<std::string>();
  if (std::regex_search(text, m, pattern)) return std::stod(m[1].str());
  return std::nullopt;
}

std::string text_of(const Json& value) {
  if (value.is_null()) return "";
  return value.is_string() ? value.get<std::string>() : value.dump();
}

class Drafter {
 public:
  Drafter(const Json& r, const std::optional<checkins::Review>& adherence,
          const std::vector<std::string>& hep)
      : r_(r), adherence_(adherence), hep_(hep) {}

  Outcome<Json> run() {
    type_ = r_.value("note_type", "progress_report");
    payer_key_ = lower(text::trim(r_.value("payer", "")));
    payer_ = note_rules()["payers"].contains(payer_key_) ? note_rules()["payers"][payer_key_]
                                                         : note_rules()["payers"]["default"];
    // A payer ptmcp has no rules for is still named as the therapist wrote it.
    if (!note_rules()["payers"].contains(payer_key_) && !text::trim(field("payer")).empty())
      payer_["name"] = text::trim(field("payer"));
    common();
    not_shown();
    if (type_ == "daily_note") {
      daily();
    } else {
      report();
    }
    lint();
    if (std::any_of(findings_.begin(), findings_.end(),
                    [](const Finding& f) { return f.severity == Severity::kError; })) {
      std::stable_partition(findings_.begin(), findings_.end(),
                            [](const Finding& f) { return f.severity == Severity::kError; });
      return Outcome<Json>::failure(std::move(findings_));
    }
    Json warnings = Json::array();
    for (const auto& f : findings_)
      warnings.push_back(f);
    out_["findings"] = warnings;
    out_["markdown"] = markdown_;
    out_["text"] = plain(markdown_);
    return Outcome<Json>::success(std::move(out_));
  }

 private:
  void error(std::string pointer, std::string message, std::string example = "") {
    findings_.push_back({Severity::kError, std::nullopt, std::move(pointer), std::move(message),
                         std::move(example)});
  }
  void warn(std::string pointer, std::string message, std::string example = "") {
    findings_.push_back({Severity::kWarning, std::nullopt, std::move(pointer), std::move(message),
                         std::move(example)});
  }
  std::string field(const char* key) {
    return r_.contains(key) && r_[key].is_string() ? r_[key].get<std::string>() : "";
  }
  void require_text(const char* key, const std::string& why, const std::string& example) {
    if (field(key).empty()) error(std::string("/") + key, why, example);
  }

  // A field this note type has no place for is named in a warning rather than dropped.
  void not_shown() {
    for (const auto& entry : note_rules()["not_shown"][type_]) {
      const std::string key = entry["field"];
      if (!r_.contains(key) || r_[key].is_null()) continue;
      warn("/" + key, fmt::format("is not shown in a {}: {}.", type_name(),
                                  entry["reason"].get<std::string>()));
    }
  }

  std::string type_name() const {
    if (type_ == "daily_note") return "daily note";
    if (type_ == "discharge_summary") return "discharge summary";
    return "progress report";
  }

  // The header lines every note type shares after its own: payer and program.
  std::string shared_header() const {
    std::string md = fmt::format("**Payer:** {}  \n", payer_["name"].get<std::string>());
    const std::string program = r_.contains("program_id") && r_["program_id"].is_string()
                                    ? r_["program_id"].get<std::string>()
                                    : "";
    if (!program.empty()) md += fmt::format("**Home exercise program:** {}  \n", program);
    return md + "\n";
  }

  void common() {
    patient_ = r_["patient"].value("name", "");
    const Json therapist = r_.value("therapist", Json::object());
    therapist_ = therapist.value("name", "");
    credentials_ = therapist.value("credentials", "");
    date_written_ = r_.value("date_written", store::utc_now().substr(0, 10));
    out_ = {{"note_type", type_},
            {"patient_name", patient_},
            {"payer", payer_["name"]},
            {"date_written", date_written_}};
  }

  // ---- progress report and discharge summary ----
  void report() {
    const bool discharge = type_ == "discharge_summary";
    const Json period = r_.value("period", Json::object());
    const std::string start = period.value("start", "");
    const std::string end = period.value("end", "");
    if (!hep::parse_date(start))
      error("/period/start", "needs the reporting period's first day (YYYY-MM-DD)",
            "\"2026-11-02\"");
    if (!hep::parse_date(end))
      error("/period/end", "needs the reporting period's last day (YYYY-MM-DD)", "\"2026-11-30\"");
    if (hep::parse_date(start) && hep::parse_date(end) && end < start)
      error("/period/end", "comes before the period's start");
    require_text("subjective", "needs the patient's own report (function, pain, the home program)",
                 "\"Patient reports she walks to the kitchen without her walker.\"");
    require_text("assessment", "needs the therapist's assessment of progress toward each goal",
                 "\"Knee bend goal met; walking distance progressing.\"");
    const int every = payer_["progress_report_every_treatment_days"];
    if (!r_.contains("treatment_days") && every > 0 && !discharge) {
      error("/treatment_days",
            fmt::format("{} needs a progress report at least every {} treatment days; give the "
                        "number of treatment days in this period",
                        payer_["name"].get<std::string>(), every),
            "10");
    }
    const int treatment_days = r_.value("treatment_days", 0);
    if (every > 0 && treatment_days > every && !discharge) {
      warn("/treatment_days",
           fmt::format("{} treatment days in this period: {} requires a progress report at least "
                       "every {}; this one is late",
                       treatment_days, payer_["name"].get<std::string>(), every));
    }
    const Json plan = r_.value("plan", Json::object());
    if (!discharge && payer_["requires_plan_frequency_and_duration"].get<bool>()) {
      if (plan.value("frequency", "").empty())
        error("/plan/frequency", "the plan needs a frequency", "\"2 times a week\"");
      if (plan.value("duration", "").empty())
        error("/plan/duration", "the plan needs a duration", "\"4 weeks\"");
    }
    const Json skilled = r_.value("skilled_interventions", Json::array());
    if (skilled.empty() && payer_["requires_skilled_interventions"].get<bool>()) {
      error("/skilled_interventions",
            "list the skilled interventions: what needed a therapist's skill and why",
            "[\"Gait training with verbal cues for heel strike\"]");
    }
    if (therapist_.empty() && r_.value("payer", "") == "medicare") {
      warn("/therapist",
           "no therapist named: the note gets a blank signature line; only the therapist (not an "
           "assistant) may sign a Medicare progress report");
    }
    measures();
    goals();
    billing_thresholds();
    if (discharge) discharge_parts();

    std::string md =
        fmt::format("# {}: {}\n\n", discharge ? "Discharge summary" : "Progress report", patient_);
    md += fmt::format("**Reporting period:** {} to {}  \n**Date written:** {}  \n", start, end,
                      date_written_);
    if (r_.contains("treatment_days"))
      md += fmt::format("**Treatment days in period:** {}  \n", treatment_days);
    md += shared_header();
    md += "## Subjective\n" + field("subjective") + "\n\n";
    md += "## Objective\n" + measures_md_;
    if (adherence_) md += adherence_paragraph(*adherence_);
    if (!hep_.empty()) {
      md += "\nCurrent home exercise program:\n";
      for (const auto& line : hep_)
        md += "- " + line + "\n";
    }
    md += "\n## Goals\n" + goals_md_ + "\n";
    md += "## Skilled interventions\n";
    for (const auto& s : skilled)
      md += "- " + text_of(s) + "\n";
    md += "\n## Assessment\n" + field("assessment") + "\n";
    if (adherence_) {
      for (const auto& d : adherence_->diagnosis)
        md += "HEP: " + text::sentence(d.finding) + " " + text::sentence(d.suggestion) + "\n";
    }
    if (discharge) {
      md += "\n## Discharge\n" + discharge_md_;
    } else {
      md += fmt::format("\n## Plan\nFrequency: {} Duration: {}",
                        text::sentence(plan.value("frequency", "")),
                        text::sentence(plan.value("duration", "")));
      if (!plan.value("changes", "").empty())
        md += " Changes: " + text::sentence(plan.value("changes", ""));
      md += "\n";
    }
    md += billing_md_;
    md += fmt::format("\n{}\n", signature());
    markdown_ = md;
  }

  // The program's adherence over the period, as one paragraph of the Objective section.
  std::string adherence_paragraph(const checkins::Review& a) {
    std::string md = fmt::format(
        "\nHome exercise program adherence ({} to {}): {:g} of {} scheduled sessions ({:g}%), "
        "longest streak {}.",
        a.period.from, a.period.to, a.sessions_done, a.scheduled_sessions, a.adherence_percent,
        a.streaks.longest);
    if (a.pain)
      md += fmt::format(" Reported pain {} to {} (max {}).", a.pain->first, a.pain->last,
                        a.pain->max);
    if (!a.red_flags.empty()) md += fmt::format(" Red flags reported: {}.", a.red_flags.size());
    out_["adherence"] = {{"adherence_percent", a.adherence_percent},
                         {"sessions_done", a.sessions_done},
                         {"scheduled_sessions", a.scheduled_sessions},
                         {"summary", a.summary}};
    return md + "\n";
  }

  void measures() {
    Json list = Json::array();
    const Json measures = r_.value("measures", Json::array());
    for (std::size_t i = 0; i < measures.size(); ++i) {
      const Json& m = measures[i];
      const std::string at = "/measures/" + std::to_string(i);
      const std::string name = m.value("name", "");
      const Json* known = find_measure(name);
      auto baseline = first_number(m.value("baseline", Json(nullptr)));
      auto current = first_number(m.value("current", Json(nullptr)));
      Json item = {{"name", known ? (*known)["name"].get<std::string>() : name},
                   {"recognized", known != nullptr}};
      if (!baseline || !current) {
        error(at, "needs a numeric baseline and current value",
              "{\"name\": \"LEFS\", \"baseline\": 22, \"current\": 38}");
        continue;
      }
      item["baseline"] = *baseline;
      item["current"] = *current;
      item["change"] = std::round((*current - *baseline) * 100) / 100;
      std::string line;
      if (known) {
        const double lo = (*known)["min"];
        const double hi = (*known)["max"];
        for (const auto& [label, v] : {std::pair{"baseline", *baseline}, {"current", *current}}) {
          if (v < lo || v > hi)
            error(at + "/" + label,
                  fmt::format("{} is outside the {} range of {:g} to {:g}", number(v),
                              (*known)["name"].get<std::string>(), lo, hi));
        }
        const bool higher_better = (*known)["better"] == "higher";
        const double mcid = (*known)["mcid"];
        const double gain = higher_better ? *current - *baseline : *baseline - *current;
        std::string verdict = gain >= mcid ? "improved beyond MCID"
                              : gain > 0   ? "improved below MCID"
                              : gain == 0  ? "no change"
                                           : "worse";
        item["mcid"] = mcid;
        item["better"] = (*known)["better"];
        item["unit"] = (*known)["unit"];
        item["verdict"] = verdict;
        item["source"] = (*known)["source"];
        line = fmt::format("- {}: {} to {} ({}{} {}); {} (MCID {:g})\n",
                           item["name"].get<std::string>(), number(*baseline), number(*current),
                           item["change"].get<double>() > 0 ? "+" : "", number(item["change"]),
                           (*known)["unit"].get<std::string>(), verdict, mcid);
      } else {
        item["verdict"] = nullptr;
        warn(at + "/name",
             "\"" + name + "\" is not a measure ptmcp knows; reported without a verdict");
        line = fmt::format("- {}: {} to {} (change {}); no MCID on file\n", name, number(*baseline),
                           number(*current), number(item["change"]));
      }
      measures_md_ += line;
      list.push_back(item);
    }
    if (measures.empty() && type_ != "daily_note")
      measures_md_ = "No standardized measures this period.\n";
    out_["measures"] = list;
  }

  void goals() {
    Json list = Json::array();
    const Json goals = r_.value("goals", Json::array());
    if (goals.empty())
      error("/goals", "a progress report describes change for each goal; list the goals",
            "[{\"id\": \"LTG1\", \"text\": \"Walk 500 feet with a cane by week 8\", \"baseline\": "
            "\"150 feet\", \"target\": \"500 feet\", \"current\": \"300 feet\"}]");
    int generated = 0;
    for (std::size_t i = 0; i < goals.size(); ++i) {
      const Json& g = goals[i];
      const std::string at = "/goals/" + std::to_string(i);
      std::string id = g.value("id", "");
      if (id.empty()) id = "G" + std::to_string(++generated);
      const std::string text = g.value("text", "");
      if (text.empty())
        error(at + "/text", "needs the goal's text (actor, behavior, condition, degree, time)",
              "\"Walk to the mailbox and back (500 feet) with a cane by week 8\"");
      auto baseline = first_number(g.value("baseline", Json(nullptr)));
      auto target = first_number(g.value("target", Json(nullptr)));
      auto current = first_number(g.value("current", Json(nullptr)));
      std::string suggested;
      if (baseline && target && current && *target != *baseline) {
        const bool up = *target > *baseline;
        const double toward = up ? *current - *baseline : *baseline - *current;
        const bool reached = up ? *current >= *target : *current <= *target;
        suggested = reached ? "met" : toward > 0 ? "progressing" : "not met";
      }
      std::string status = g.value("status", "");
      if (status.empty()) status = suggested;
      if (status.empty()) {
        error(at + "/status",
              "cannot be worked out from the numbers; give the therapist's status (met, "
              "progressing, not met, revised, discontinued, deferred)",
              "\"progressing\"");
      } else if (!suggested.empty() && status != suggested) {
        warn(at + "/status",
             fmt::format("is \"{}\" but the numbers suggest \"{}\"", status, suggested));
      }
      // The numbers as written, and the therapist's evidence: both are documentation.
      std::string numbers;
      if (g.contains("current")) {
        numbers = "Now " + text_of(g["current"]);
        if (g.contains("baseline")) numbers += " (baseline " + text_of(g["baseline"]) + ")";
        if (g.contains("target")) numbers += "; target " + text_of(g["target"]);
      } else if (g.contains("baseline") || g.contains("target")) {
        numbers = g.contains("baseline") ? "Baseline " + text_of(g["baseline"]) : "";
        if (g.contains("target"))
          numbers += (numbers.empty() ? "Target " : "; target ") + text_of(g["target"]);
      }
      std::string evidence = g.value("evidence", "");
      if (evidence.empty() && g.contains("current")) evidence = numbers;
      if (evidence.empty())
        error(at + "/current",
              "every goal needs evidence: the current measurement or a description of change",
              "\"300 feet with cane\"");
      const bool drop = status == "met";
      list.push_back({{"id", id},
                      {"text", text},
                      {"status", status},
                      {"suggested_status", suggested.empty() ? Json(nullptr) : Json(suggested)},
                      {"evidence", evidence},
                      {"drop_next_report", drop}});
      std::string line = fmt::format("- {}: {} Status: {}.", id, text::sentence(text), status);
      if (!numbers.empty()) line += " " + text::sentence(numbers);
      if (!evidence.empty() && evidence != numbers) line += " " + text::sentence(evidence);
      goals_md_ += line + (drop ? " Met: drop from the next report.\n" : "\n");
    }
    out_["goals"] = list;
  }

  void billing_thresholds() {
    if (!r_.contains("cost_to_date")) return;
    const double cost = r_["cost_to_date"];
    const double kx = payer_["kx_threshold"];
    const double review = payer_["targeted_review_threshold"];
    if (kx > 0 && cost >= kx) {
      std::string note = fmt::format(
          "Therapy costs to date (${:g}) are at or above the ${:g} threshold: claims need the KX "
          "modifier, and this note must show why continued therapy is medically necessary.",
          cost, kx);
      if (review > 0 && cost >= review)
        note += fmt::format(" Above ${:g} the claims may get targeted medical review.", review);
      warn("/cost_to_date", note);
      billing_md_ += "\n" + note + "\n";
    }
  }

  void discharge_parts() {
    require_text("discharge_reason", "a discharge summary needs the reason for discharge",
                 "\"Goals met\"");
    discharge_md_ = "Reason: " + field("discharge_reason") + "\n";
    const std::string instructions = field("patient_instructions");
    if (!instructions.empty()) {
      discharge_md_ += "\nInstructions for the patient: " + instructions + "\n";
      for (const auto& f : text::find_jargon(instructions)) {
        if (f.entry->severity == text::JargonSeverity::kError) {
          error("/patient_instructions",
                "\"" + f.matched +
                    "\" is clinical shorthand in the patient's instructions; use plain words",
                "\"" + f.entry->plain + "\"");
        } else {
          warn("/patient_instructions", "\"" + f.matched +
                                            "\" may be unfamiliar to the patient; plain words: \"" +
                                            f.entry->plain + "\"");
        }
      }
    }
  }

  // ---- daily note ----
  void daily() {
    const std::string date = field("date");
    if (!hep::parse_date(date))
      error("/date", "needs the treatment date (YYYY-MM-DD)", "\"2026-11-24\"");
    const Json interventions = r_.value("interventions", Json::array());
    if (interventions.empty())
      error("/interventions", "list the interventions with CPT codes and minutes",
            "[{\"name\": \"Therapeutic exercise\", \"cpt\": \"97110\", \"minutes\": 23}]");
    require_text("patient_response",
                 "needs the patient's response to treatment: what they did and how it went",
                 "\"Completed 3 rounds of 10 with cues for knee alignment; pain 3/10 before and "
                 "after.\"");
    require_text("next_visit_plan", "needs the plan for the next visit",
                 "\"Progress step-ups to a 6-inch step.\"");
    measures();
    billing_thresholds();
    bill_the_day(interventions);

    std::string md = fmt::format("# Daily note: {}\n\n**Date:** {}  \n", patient_, date);
    md += shared_header();
    if (!field("subjective").empty()) md += "## Subjective\n" + field("subjective") + "\n\n";
    if (!measures_md_.empty()) md += "## Objective\n" + measures_md_ + "\n";
    md += "## Interventions\n" + interventions_md_ + "\n";
    const Json skilled = r_.value("skilled_interventions", Json::array());
    if (!skilled.empty()) {
      md += "## Skilled interventions\n";
      for (const auto& s : skilled)
        md += "- " + text_of(s) + "\n";
      md += "\n";
    }
    md += "## Patient response\n" + field("patient_response") + "\n\n";
    if (!field("assessment").empty()) md += "## Assessment\n" + field("assessment") + "\n\n";
    md += "## Billing\n" + billing_table_md_ + billing_md_ + "\n";
    md += "## Plan for next visit\n" + field("next_visit_plan") + "\n";
    md += fmt::format("\n{}\n", signature());
    markdown_ = md;
  }

  // Whether an intervention is timed: the request's word wins, then the code table; an
  // unknown code without one is billed as timed and the therapist is asked.
  bool timed_of(const Json& iv, const std::string& at, const std::string& cpt,
                const std::optional<CodeInfo>& info, std::string& decided_by) {
    if (iv.contains("timed")) {
      const bool timed = iv["timed"];
      decided_by = "request";
      if (info && info->timed != timed)
        warn(at + "/timed",
             fmt::format("{} ({}) is {} in ptmcp's code table, but it is billed as {} because the "
                         "request says so; check the code.",
                         cpt, info->name, info->timed ? "timed" : "untimed",
                         timed ? "timed" : "untimed"));
      return timed;
    }
    if (info) {
      decided_by = "code table";
      return info->timed;
    }
    decided_by = "default";
    if (!cpt.empty())
      warn(at + "/cpt",
           fmt::format("{} is not in ptmcp's code table, so it is billed as timed (15-minute "
                       "units). Is it timed? Say so with \"timed\": true or false.",
                       cpt));
    return true;
  }

  void bill_the_day(const Json& interventions) {
    const PayerRule rule = unit_rule_for(payer_key_, field("unit_rule"));
    std::vector<BilledCode> billed;
    Json rows = Json::array();
    std::map<std::string, std::string> decided;  // code -> what decided timed
    int total = 0;
    interventions_md_ = "| Intervention | CPT | Minutes | Timed |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < interventions.size(); ++i) {
      const Json& iv = interventions[i];
      const std::string at = "/interventions/" + std::to_string(i);
      std::string cpt = text::trim(iv.value("cpt", ""));
      for (char& c : cpt)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (cpt.empty()) error(at + "/cpt", "needs a CPT code", "\"97110\"");
      if (!iv.contains("minutes")) error(at + "/minutes", "needs the minutes spent", "23");
      const int minutes = iv.value("minutes", 0);
      const auto info = find_code(cpt);
      std::string decided_by;
      const bool timed = timed_of(iv, at, cpt, info, decided_by);
      total += minutes;
      if (info) {
        for (const auto& [payer, note] : info->payer_notes) {
          if (payer == payer_key_) warn(at + "/cpt", fmt::format("{} is {}.", cpt, note));
        }
      }
      rows.push_back({{"name", iv.value("name", "")},
                      {"cpt", cpt},
                      {"minutes", minutes},
                      {"timed", timed},
                      {"timed_from", decided_by}});
      interventions_md_ += fmt::format("| {} | {} | {} | {} |\n", iv.value("name", ""), cpt,
                                       minutes, timed ? "yes" : "no");
      if (cpt.empty()) continue;
      // The same code listed twice is one line on the claim: its minutes are added.
      auto same = std::find_if(billed.begin(), billed.end(),
                               [&](const BilledCode& b) { return b.code == cpt; });
      if (same == billed.end()) {
        billed.push_back({cpt, minutes, timed});
        decided[cpt] = decided_by;
      } else if (same->timed != timed) {
        error(at + "/timed", fmt::format("{} is listed earlier as {}; one code is either timed or "
                                         "untimed on a day",
                                         cpt, same->timed ? "timed" : "untimed"));
      } else {
        same->minutes += minutes;
      }
    }
    if (r_.contains("total_treatment_minutes")) {
      const int given = r_["total_treatment_minutes"];
      if (given < total)
        error("/total_treatment_minutes",
              fmt::format("is {} but the interventions add up to {}", given, total));
      total = std::max(total, given);
    }

    const UnitSplit split = split_units(billed, rule.rule);
    Json codes = Json::array();
    billing_table_md_ = "| CPT | Service | Minutes | Units | Modifier |\n|---|---|---|---|---|\n";
    for (const auto& c : split.codes) {
      const auto info = find_code(c.code);
      const std::string name = info ? info->name : "not in the code table";
      codes.push_back({{"cpt", c.code},
                       {"name", name},
                       {"known", info.has_value()},
                       {"minutes", c.minutes},
                       {"timed", c.timed},
                       {"timed_from", decided[c.code]},
                       {"units", c.units},
                       {"modifier", "GP"}});
      billing_table_md_ +=
          fmt::format("| {} | {} | {} | {} | GP |\n", c.code, name, c.minutes, c.units);
    }
    const int untimed_minutes = total - split.timed_minutes;
    billing_md_ += fmt::format(
        "\nUnits by {}: {} timed minutes bill {} {}; untimed codes bill {} {}. Total units: {}. "
        "Total treatment minutes: {}.\n",
        rule.name, split.timed_minutes, split.timed_units,
        split.timed_units == 1 ? "unit" : "units", split.untimed_units,
        split.untimed_units == 1 ? "unit" : "units", split.timed_units + split.untimed_units,
        total);
    for (const auto& call : split.close_calls)
      billing_md_ += "\nClose call: " + call + "\n";
    Json pairs = Json::array();
    std::vector<std::string> day_codes;
    for (const auto& c : split.codes)
      day_codes.push_back(c.code);
    for (const auto& p : bundled_pairs(day_codes)) {
      const std::string message = fmt::format(
          "{} and {} on the same day are a pair that national correct-coding edits bundle: bill "
          "both only if they were done in separate intervals, with modifier 59 (or XU) on the "
          "code the edit bundles, and say in the note that the times were separate.",
          p.first, p.second);
      warn("/interventions", message);
      billing_md_ += "\nSeparate intervals: " + message + "\n";
      pairs.push_back({{"codes", {p.first, p.second}}, {"source", p.source}});
    }
    if (rule.rule == UnitRule::kCms)
      billing_md_ +=
          "\n8-minute rule: 8-22 minutes = 1 unit, 23-37 = 2, 38-52 = 3, 53-67 = 4, 68-82 = 5, "
          "and 1 more for each further 15.\n";
    out_["billing"] = {
        {"unit_rule", {{"id", rule.key}, {"name", rule.name}, {"source", rule.source}}},
        {"timed_minutes", split.timed_minutes},
        {"untimed_minutes", untimed_minutes},
        {"total_treatment_minutes", total},
        {"timed_units", split.timed_units},
        {"untimed_units", split.untimed_units},
        {"units", split.timed_units + split.untimed_units},
        {"codes", codes},
        {"close_calls", split.close_calls},
        {"bundled_pairs", pairs},
        {"interventions", rows},
        {"eight_minute_rule",
         {{"8-22", 1},
          {"23-37", 2},
          {"38-52", 3},
          {"53-67", 4},
          {"68-82", 5},
          {"each further 15", 1}}}};
  }

  void lint() {
    for (const char* key : {"subjective", "assessment", "patient_response", "next_visit_plan"}) {
      const std::string lowered = lower(field(key));
      for (const auto& p : note_rules()["flagged_phrases"]) {
        if (lowered.find(p["phrase"].get<std::string>()) != std::string::npos) {
          warn(std::string("/") + key, "\"" + p["phrase"].get<std::string>() +
                                           "\" is a phrase reviewers reject. " +
                                           p["suggestion"].get<std::string>());
        }
      }
    }
    const Json plan = r_.value("plan", Json::object());
    const std::string changes = lower(plan.value("changes", ""));
    for (const auto& p : note_rules()["flagged_phrases"]) {
      if (changes.find(p["phrase"].get<std::string>()) != std::string::npos) {
        warn("/plan/changes", "\"" + p["phrase"].get<std::string>() +
                                  "\" is a phrase reviewers reject. " +
                                  p["suggestion"].get<std::string>());
      }
    }
  }

  std::string signature() const {
    return fmt::format("Signature: ______________________  {}{}  Date: {}",
                       therapist_.empty() ? "(therapist)" : therapist_,
                       credentials_.empty() ? "" : ", " + credentials_, date_written_);
  }

  // Markdown without its symbols, for pasting into an EMR.
  static std::string plain(const std::string& md) {
    std::string out;
    std::size_t start = 0;
    while (start < md.size()) {
      std::size_t end = md.find('\n', start);
      if (end == std::string::npos) end = md.size();
      std::string line = md.substr(start, end - start);
      start = end + 1;
      if (line.starts_with("|---")) continue;
      while (line.starts_with("#"))
        line.erase(0, 1);
      if (line.starts_with(" ")) line.erase(0, 1);
      if (line.ends_with("  ")) line.resize(line.size() - 2);
      if (line.starts_with("|")) {
        // A table row becomes its cells, trimmed, separated by "; ".
        std::string cells;
        std::size_t from = 1;
        for (std::size_t bar = line.find('|', from); bar != std::string::npos;
             from = bar + 1, bar = line.find('|', from)) {
          cells += (from == 1 ? "" : "; ") + text::trim(line.substr(from, bar - from));
        }
        line = cells;
      }
      std::string cleaned;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line.compare(i, 2, "**") == 0) {
          ++i;
          continue;
        }
        cleaned += line[i];
      }
      out += cleaned + "\n";
    }
    return out;
  }

  const Json& r_;
  const std::optional<checkins::Review>& adherence_;
  const std::vector<std::string>& hep_;
  std::string type_;
  std::string payer_key_;
  Json payer_;
  std::string patient_;
  std::string therapist_;
  std::string credentials_;
  std::string date_written_;
  std::string measures_md_;
  std::string goals_md_;
  std::string billing_md_;
  std::string discharge_md_;
  std::string interventions_md_;
  std::string billing_table_md_;
  std::string markdown_;
  Json out_;
  std::vector<Finding> findings_;
};

}  // namespace

Outcome<Json> draft_note(const Json& request, const std::optional<checkins::Review>& adherence,
                         const std::vector<std::string>& hep_summary) {
  return Drafter(request, adherence, hep_summary).run();
}

void add_draft_progress_note(server::Catalog& catalog,
                             const std::shared_ptr<store::ProgramStore>& store) {
  catalog.tools.add(
      {"draft_progress_note",
       "Draft a progress report, daily note or discharge summary",
       "Structures and checks a therapy note so it passes review. note_type: progress_report "
       "(default), daily_note or discharge_summary. You write the narrative (subjective, "
       "assessment, goals' text); ptmcp computes each measure's change against its MCID "
       "(NPRS, LEFS, ODI, NDI, KOOS JR, HOOS JR, QuickDASH, DASH, PSFS, TSK-17, TUG, 6MWT, Berg, "
       "gait speed), suggests goal status from numbers, bills units per CPT code by the payer's "
       "rule (Medicare's 8-minute rule on total timed minutes, or each code on its own minutes: "
       "unit_rule cms or ama), knows common PT codes (timed or not) and code pairs that need "
       "modifier 59, checks the payer's required content (Medicare: a report every 10 treatment "
       "days, "
       "skilled interventions, plan frequency and duration), flags phrases reviewers reject, and "
       "returns the note as Markdown and as plain text for the EMR. Missing required content "
       "comes back as isError findings to fix. With program_id, the home program's adherence is "
       "summarized in the note.",
       Json::parse(server::require_asset("schemas/draft_progress_note.input.json")),
       Json::parse(server::require_asset("schemas/draft_progress_note.output.json")),
       {.read_only = true, .idempotent = true},
       [store](const Json& arguments, server::ToolContext&) {
         std::optional<checkins::Review> adherence;
         std::vector<std::string> hep;
         const std::string program_id = arguments.value("program_id", Json("")).is_string()
                                            ? arguments.value("program_id", "")
                                            : "";
         if (!program_id.empty()) {
           try {
             auto stored = store->load(program_id);
             if (!stored) {
               return server::ToolResult::failure(
                   describe_findings({{Severity::kError, std::nullopt, "/program_id",
                                       "no program has the id \"" + program_id + "\"", ""}}));
             }
             const hep::Program program = stored->program.get<hep::Program>();
             for (const auto& e : program.exercises)
               hep.push_back(e.name + " (" + e.clinical_name + "): " + e.dose_text);
             const Json period = arguments.value("period", Json::object());
             checkins::ReviewPeriod p{period.value("start", program.visit_date),
                                      period.value("end", program.next_visit)};
             if (hep::parse_date(p.from) && hep::parse_date(p.to) && p.from <= p.to)
               adherence = checkins::review_program(*store, program_id, p);
           } catch (const store::StoreError& e) {
             return server::ToolResult::failure(
                 describe_findings({{Severity::kError, std::nullopt, "", e.explained(), ""}}));
           }
         }
         Outcome<Json> note = draft_note(arguments, adherence, hep);
         if (!note.value) return server::ToolResult::failure(describe_findings(note.findings));
         std::string text = (*note.value)["text"].get<std::string>();
         for (const auto& f : (*note.value)["findings"])
           text += "\nWarning " + f["pointer"].get<std::string>() + ": " +
                   f["message"].get<std::string>();
         return server::ToolResult::success(std::move(*note.value), std::move(text));
       }});

  catalog.prompts.add(
      {"progress_report",
       "Draft a progress report",
       "Collect measures and goals with the therapist and draft a progress report that passes "
       "review.",
       {{"patient_name", "The patient's first name", true, {}},
        {"program_id", "The home program's id, to include adherence", false,
         store::program_id_completer(store)}},
       [](const server::Arguments& args) {
         return std::vector<server::PromptMessage>{
             {"user", server::render_prompt_text(
                          server::require_asset("prompts/progress_report.md"), args)}};
       }});
}

}  // namespace ptmcp::tools::notes
