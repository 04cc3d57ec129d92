#include "tools/library/dose_text.h"

namespace ptmcp::tools::library {
namespace {

std::string plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string dose_text(const Dose& dose, const std::optional<std::string>& side) {
  std::string text;
  const int sets = dose.sets.value_or(1);
  if (dose.reps && *dose.reps > 1) {
    text = sets > 1 ? plural(sets, "round", "rounds") + " of " + std::to_string(*dose.reps)
                    : std::to_string(*dose.reps) + " times";
  } else if (sets > 1) {
    text = plural(sets, "time", "times");
  }
  if (dose.hold_seconds) {
    const std::string hold = plural(*dose.hold_seconds, "second", "seconds");
    text += text.empty() ? "hold for " + hold : ", holding each for " + hold;
  }
  if (dose.minutes) {
    const std::string minutes = plural(*dose.minutes, "minute", "minutes");
    text += text.empty() ? minutes : ", " + minutes + " in all";
  }
  if (side && !side->empty()) {
    text += *side == "both" ? ", on each side" : ", " + *side + " side only";
  }
  if (text.empty()) text = "once";
  return text;
}

}  // namespace ptmcp::tools::library
