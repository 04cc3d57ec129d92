// libFuzzer target: the check-in parser on any text a patient could send.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/checkins/checkin_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::vector<std::string>> names = {
      {"Knee press into a towel", "Quad sets"},
      {"Heel slides on the bed", "Heel slides"},
      {"Straight leg lift", "SLR"}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ptmcp::tools::checkins::parse_checkin(text, names);
  for (int i : parsed.exercises_done) {
    if (i < 0 || i >= static_cast<int>(names.size())) __builtin_trap();
  }
  return 0;
}
