// Billing a day's treatment: the code table (data/billing/cpt.json), units per code by the
// payer's rule (data/billing/payer_rules.json), and the code pairs that need a modifier
// when done in separate intervals (data/billing/ptp_pairs.json).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ptmcp::tools::notes {

// Billed units for the day's timed minutes under the 8-minute rule (8-22 = 1, 23-37 = 2, ...).
int billed_units(int timed_minutes);

enum class UnitRule {
  kCms,  // total timed minutes give the units; whole units per code, the rest by minutes left
  kAma,  // each code on its own minutes
};

struct CodeInfo {
  std::string code;
  std::string name;  // plain, patient-free
  bool timed = true;
  std::string source;
  std::vector<std::pair<std::string, std::string>> payer_notes;  // payer key, note
};

// The code table's entry, or nullopt for a code ptmcp does not know.
std::optional<CodeInfo> find_code(const std::string& code);

struct PayerRule {
  UnitRule rule = UnitRule::kCms;
  std::string key;   // "cms" or "ama"
  std::string name;  // how the note names the rule
  std::string source;
};

// The rule for `payer` (a payer key such as "medicare"), or the rule named by `requested`
// ("cms" or "ama") when given.
PayerRule unit_rule_for(const std::string& payer, const std::string& requested = "");

// One code's time for the day. Rows with the same code are combined before they get here.
struct BilledCode {
  std::string code;
  int minutes = 0;
  bool timed = true;
};

struct CodeUnits {
  std::string code;
  int minutes = 0;
  bool timed = true;
  int units = 0;
};

struct UnitSplit {
  std::vector<CodeUnits> codes;  // in the order given
  int timed_minutes = 0;
  int timed_units = 0;
  int untimed_units = 0;
  // One plain sentence per close call: a tie broken by order, a code under 8 minutes that
  // still bills a unit, a code of 8 minutes or more that bills none.
  std::vector<std::string> close_calls;
};

// Units per code. Untimed codes bill one unit each. Ties for a left-over unit go to the
// code listed first (CMS: either is correct), and the close call says so.
UnitSplit split_units(const std::vector<BilledCode>& codes, UnitRule rule);

struct CodePair {
  std::string first;
  std::string second;
  std::string source;
};

// The bundled pairs (procedure-to-procedure edits) among the day's codes.
std::vector<CodePair> bundled_pairs(const std::vector<std::string>& codes);

}  // namespace ptmcp::tools::notes
