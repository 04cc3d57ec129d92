// audit_hep: scores an existing home exercise program (text pasted from a handout, portal
// or PDF) against the six elements, with the evidence found and a concrete fix for each.
// Read-only; nothing is stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/tool_registry.h"
#include "tools/audit/exercise_lines.h"
#include "tools/hep/hep_limits.h"

namespace ptmcp::tools::audit {

struct ElementAudit {
  int number = 0;
  std::string name;
  bool met = false;
  std::vector<std::string> evidence;  // what was found (or not) in the text
  std::string fix;                    // empty when there is nothing to fix
};

struct JargonUse {
  std::string term;
  std::string plain;
  std::string severity;
  std::vector<std::string> as_written;
  int count = 0;
};

struct HepAudit {
  int score = 0;
  std::vector<ElementAudit> elements;
  std::vector<std::string> exercises;        // what was counted as an exercise, by name
  std::vector<ExerciseLine> exercise_lines;  // each exercise line found, with its line
  std::vector<std::string> unplaced;         // exercise lines not in the library
  double grade_level = 0;
  bool grade_measurable = true;  // false when the text is mostly abbreviations and shorthand
  std::string grade_note;        // why the grade level is not measurable
  std::vector<std::pair<std::string, int>> abbreviations;  // unknown capitals, as written
  double reading_ease = 0;
  double grade_target = 6;
  std::vector<std::pair<std::string, double>> hardest_sentences;
  std::vector<JargonUse> jargon;
  int words = 0;
  int sms_segments = 0;
  std::string language = "en";  // the language the text was read in
  bool language_given = false;  // false: read from the text's common words
  hep::ReadingJudgement reading;
};

// `language` ("en", "es"): the checks to read the text with; without it, the language is
// read from the text's most common words, and the audit says so.
HepAudit audit_hep(const std::string& text, std::optional<double> grade_target,
                   std::optional<std::string> language = std::nullopt);

server::ToolDefinition audit_hep_tool();

}  // namespace ptmcp::tools::audit
