// Findings: what a tool reports about its input, as values. An error blocks the result and
// comes back to the assistant as an isError result; a warning rides along with a success.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ptmcp::tools {

enum class Severity { kError, kWarning };

struct Finding {
  Severity severity = Severity::kError;
  std::optional<int> element;  // the HEP element (1-6) the finding is about, if any
  std::string pointer;         // JSON Pointer into the tool's input
  std::string message;         // what is wrong
  std::string example;         // what would pass; may be empty
};

void to_json(nlohmann::json& j, const Finding& finding);

// A typed result, or the findings that block it. Warnings may accompany a value.
template <class T>
struct Outcome {
  std::optional<T> value;
  std::vector<Finding> findings;

  static Outcome success(T v, std::vector<Finding> warnings = {}) {
    return Outcome{std::move(v), std::move(warnings)};
  }
  static Outcome failure(std::vector<Finding> errors) {
    return Outcome{std::nullopt, std::move(errors)};
  }
};

// The text an assistant reads in an isError result: one numbered line per finding.
std::string describe_findings(const std::vector<Finding>& findings);

// The name of a HEP element, e.g. 3 -> "dosing as a behavior".
std::string element_name(int element);

}  // namespace ptmcp::tools
