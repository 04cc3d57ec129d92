#include "tools/findings.h"

#include <array>

namespace ptmcp::tools {

std::string element_name(int element) {
  static const std::array<const char*, 7> kNames = {"whole page",
                                                    "three-exercise core",
                                                    "plain words tied to the clinic",
                                                    "dosing as a behavior",
                                                    "pain and response rules",
                                                    "a feedback channel",
                                                    "one milestone for the next visit"};
  if (element < 0 || element > 6) return "";
  return kNames[static_cast<std::size_t>(element)];
}

namespace {

// A finding reads as a sentence wherever it is shown: a message without its own ending gets
// a period, so an example never runs into it.
std::string as_sentence(const std::string& message) {
  if (message.empty()) return message;
  const char last = message.back();
  return last == '.' || last == '!' || last == '?' ? message : message + ".";
}

}  // namespace

void to_json(nlohmann::json& j, const Finding& f) {
  j = {{"severity", f.severity == Severity::kError ? "error" : "warning"},
       {"pointer", f.pointer},
       {"message", as_sentence(f.message)}};
  if (f.element) {
    j["element"] = *f.element;
    j["element_name"] = element_name(*f.element);
  }
  if (!f.example.empty()) j["example"] = f.example;
}

std::string describe_findings(const std::vector<Finding>& findings) {
  std::vector<const Finding*> errors;
  std::vector<const Finding*> warnings;
  for (const auto& f : findings)
    (f.severity == Severity::kError ? errors : warnings).push_back(&f);
  auto line = [](int n, const Finding& f) {
    std::string text = std::to_string(n) + ". ";
    if (f.element)
      text += "element " + std::to_string(*f.element) + " (" + element_name(*f.element) + "), ";
    text += (f.pointer.empty() ? "/" : f.pointer) + ": " + as_sentence(f.message);
    if (!f.example.empty()) text += " For example: " + f.example;
    return text + "\n";
  };
  // The count in the heading is the count of the list under it.
  std::string text = std::to_string(errors.size()) +
                     (errors.size() == 1 ? " problem" : " problems") +
                     " to fix before this can be done. Fix each and call again:\n";
  int n = 0;
  for (const auto* f : errors)
    text += line(++n, *f);
  if (!warnings.empty()) {
    text += "Also " + std::to_string(warnings.size()) +
            (warnings.size() == 1 ? " warning, which does not block it:\n"
                                  : " warnings, which do not block it:\n");
    n = 0;
    for (const auto* f : warnings)
      text += line(++n, *f);
  }
  return text;
}

}  // namespace ptmcp::tools
