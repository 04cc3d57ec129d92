#include "tools/notes/billing.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::notes {
namespace {

using Json = nlohmann::json;

const Json& code_table() {
  static const Json table = Json::parse(server::require_asset("data/billing/cpt.json"));
  return table;
}

const Json& payer_rules() {
  static const Json rules = Json::parse(server::require_asset("data/billing/payer_rules.json"));
  return rules;
}

const Json& pair_table() {
  static const Json pairs = Json::parse(server::require_asset("data/billing/ptp_pairs.json"));
  return pairs;
}

std::string upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string minutes_text(int minutes) {
  return fmt::format("{} {}", minutes, minutes == 1 ? "minute" : "minutes");
}

std::string units_text(int units) {
  return fmt::format("{} {}", units, units == 1 ? "unit" : "units");
}

// "97112", "97112 and 97110", "97112, 97110 and 97140".
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

void split_cms(UnitSplit& split) {
  const int total = billed_units(split.timed_minutes);
  std::vector<std::size_t> timed;
  int whole = 0;
  for (std::size_t i = 0; i < split.codes.size(); ++i) {
    auto& c = split.codes[i];
    if (!c.timed) continue;
    c.units = c.minutes / 15;
    whole += c.units;
    timed.push_back(i);
  }
  const auto left = [&](std::size_t i) { return split.codes[i].minutes % 15; };
  // The left-over units go to the codes with the most minutes left after whole units; a
  // stable sort keeps the listed order among equals.
  std::stable_sort(timed.begin(), timed.end(),
                   [&](std::size_t a, std::size_t b) { return left(a) > left(b); });
  const auto rest = static_cast<std::size_t>(std::max(0, total - whole));
  for (std::size_t k = 0; k < rest && k < timed.size(); ++k)
    ++split.codes[timed[k]].units;
  split.timed_units = total;

  if (rest > 0 && rest < timed.size() && left(timed[rest - 1]) == left(timed[rest]) &&
      left(timed[rest]) > 0) {
    const int tied_minutes = left(timed[rest]);
    std::vector<std::string> tied;
    for (std::size_t i : timed) {
      if (left(i) == tied_minutes) tied.push_back(split.codes[i].code);
    }
    std::vector<std::string> winners;
    for (std::size_t k = 0; k < rest; ++k) {
      if (left(timed[k]) == tied_minutes) winners.push_back(split.codes[timed[k]].code);
    }
    split.close_calls.push_back(fmt::format(
        "{} each had {} left over after whole units; the extra {} went to {}, listed first, and "
        "either choice is correct under Medicare's rule.",
        joined(tied), minutes_text(tied_minutes), winners.size() == 1 ? "unit" : "units",
        joined(winners)));
  }
  for (std::size_t i : timed) {
    const auto& c = split.codes[i];
    if (c.minutes < 8 && c.units > 0) {
      split.close_calls.push_back(fmt::format(
          "{} bills {} for only {}: the day's {} timed minutes earn {}, and its minutes were among "
          "the most left over after whole units.",
          c.code, units_text(c.units), minutes_text(c.minutes), split.timed_minutes,
          units_text(total)));
    } else if (c.minutes >= 8 && c.units == 0) {
      split.close_calls.push_back(fmt::format(
          "{} bills no unit for its {}: the day's {} timed minutes earn {}, and they went to "
          "codes with more minutes left over.",
          c.code, minutes_text(c.minutes), split.timed_minutes, units_text(total)));
    }
  }
}

void split_ama(UnitSplit& split) {
  for (auto& c : split.codes) {
    if (!c.timed) continue;
    c.units = billed_units(c.minutes);
    split.timed_units += c.units;
    if (c.minutes > 0 && c.minutes < 8) {
      split.close_calls.push_back(fmt::format(
          "{} bills no unit for its {}: this payer counts each code on its own minutes, and a "
          "unit needs 8.",
          c.code, minutes_text(c.minutes)));
    }
  }
}

}  // namespace

int billed_units(int timed_minutes) {
  return timed_minutes < 8 ? 0 : (timed_minutes + 7) / 15;
}

std::optional<CodeInfo> find_code(const std::string& code) {
  const std::string wanted = upper(text::trim(code));
  for (const auto& c : code_table()["codes"]) {
    if (c["code"] != wanted) continue;
    CodeInfo info{c["code"],
                  c["name"],
                  c["timed"],
                  code_table()["sources"][c["source"].get<std::string>()],
                  {}};
    for (const auto& n : c.value("payer_notes", Json::array()))
      info.payer_notes.emplace_back(n["payer"], n["note"]);
    return info;
  }
  return std::nullopt;
}

PayerRule unit_rule_for(const std::string& payer, const std::string& requested) {
  const Json& rules = payer_rules();
  std::string key = text::lower(requested);
  if (!rules["rules"].contains(key)) {
    const std::string p = text::lower(text::trim(payer));
    key = rules["payers"].contains(p) ? rules["payers"][p].get<std::string>()
                                      : rules["default_rule"].get<std::string>();
  }
  return {key == "ama" ? UnitRule::kAma : UnitRule::kCms, key, rules["rules"][key]["name"],
          rules["rules"][key]["source"]};
}

UnitSplit split_units(const std::vector<BilledCode>& codes, UnitRule rule) {
  UnitSplit split;
  for (const auto& c : codes) {
    split.codes.push_back({c.code, c.minutes, c.timed, c.timed ? 0 : 1});
    if (c.timed) {
      split.timed_minutes += c.minutes;
    } else {
      ++split.untimed_units;
    }
  }
  if (rule == UnitRule::kCms) {
    split_cms(split);
  } else {
    split_ama(split);
  }
  return split;
}

std::vector<CodePair> bundled_pairs(const std::vector<std::string>& codes) {
  std::vector<CodePair> found;
  const auto has = [&](const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  };
  for (const auto& p : pair_table()["pairs"]) {
    const std::string a = p["codes"][0];
    const std::string b = p["codes"][1];
    if (has(a) && has(b))
      found.push_back({a, b, pair_table()["sources"][p["source"].get<std::string>()]});
  }
  return found;
}

}  // namespace ptmcp::tools::notes
