// The exercises on a handout, found the way clinicians print them: a name with a dose beside
// it ("Quad sets - 3x10", "3x10 bridges", "Heel raise x 1 min", "Calf stretch hold 30 sec"),
// numbered or bulleted, as table rows pasted as text, two columns run together, or a title
// line with its dose on the next line; and list items that name a library exercise without
// a dose. Every exercise line counts once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::audit {

struct ExerciseLine {
  int line = 0;            // 1-based line number in the text
  std::string text;        // the line (or its column) as written, trimmed
  std::string name;        // the exercise's name as written
  std::string library_id;  // the library exercise it is; empty when it could not be placed
};

// `language`: the six elements' rules to read the doses with ("en", "es").
std::vector<ExerciseLine> find_exercise_lines(const std::string& text,
                                              std::string_view language = "en");

}  // namespace ptmcp::tools::audit
