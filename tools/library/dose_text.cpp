#include "tools/library/dose_text.h"

#include "tools/text/messages.h"

namespace ptmcp::tools::library {
namespace {

std::string count_of(const text::Messages& m, int n, const char* one, const char* many) {
  return n == 1 ? m.text(one) : m.fill(many, {{"count", std::to_string(n)}});
}

}  // namespace

std::string dose_text(const Dose& dose, const std::optional<std::string>& side,
                      const std::string& language) {
  const text::Messages& m = text::messages(language);
  std::string text;
  const int sets = dose.sets.value_or(1);
  if (dose.reps && *dose.reps > 1) {
    text = sets > 1 ? m.fill("dose.sets_reps",
                             {{"sets", std::to_string(sets)}, {"reps", std::to_string(*dose.reps)}})
                    : m.fill("dose.times", {{"count", std::to_string(*dose.reps)}});
  } else if (sets > 1) {
    text = m.fill("dose.times", {{"count", std::to_string(sets)}});
  }
  if (dose.hold_seconds) {
    const std::string hold = count_of(m, *dose.hold_seconds, "dose.second_one", "dose.seconds");
    text += m.fill(text.empty() ? "dose.hold" : "dose.holding_each", {{"hold", hold}});
  }
  if (dose.minutes) {
    const std::string minutes = count_of(m, *dose.minutes, "dose.minute_one", "dose.minutes");
    text += text.empty() ? minutes : m.fill("dose.in_all", {{"minutes", minutes}});
  }
  if (side && !side->empty()) {
    const char* key = *side == "both"    ? "dose.each_side"
                      : *side == "right" ? "dose.right_only"
                                         : "dose.left_only";
    text += m.text(key);
  }
  if (text.empty()) text = m.text("dose.once");
  return text;
}

}  // namespace ptmcp::tools::library
