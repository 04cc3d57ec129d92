// Every field draft_progress_note accepts is documentation: walk the input schema, give
// each free-text field a marker of its own, and prove that each marker appears in both the
// Markdown and the plain-text note of every note type, or that the note type lists the field
// as not shown (data/clinical/note_rules.json) and says so in a warning.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <set>

#include "server/assets.h"
#include "tools/notes/progress_note.h"

namespace ptmcp::tools::notes {
namespace {

using Json = nlohmann::json;

// Fields shown, but not word for word, and why.
const std::map<std::string, std::string> kNotVerbatim = {
    {"/measures/0/baseline", "a measure's score is shown as the number read from it"},
    {"/measures/0/current", "a measure's score is shown as the number read from it"},
    {"/interventions/0/cpt", "a code is shown in capitals, as a claim writes it"},
};

bool accepts(const Json& schema, const char* type) {
  if (!schema.contains("type")) return false;
  const Json& t = schema["type"];
  if (t.is_string()) return t == type;
  return std::find(t.begin(), t.end(), type) != t.end();
}

// A value for `schema` with a fresh marker in every free-text string; markers are recorded
// by JSON Pointer. Choices from a list take the list's first entry, numbers a small valid
// value, dates a date of their own.
class Filler {
 public:
  Json fill(const Json& schema, const std::string& pointer) {
    if (schema.contains("enum")) return schema["enum"][0];
    if (accepts(schema, "object")) {
      Json out = Json::object();
      for (const auto& [key, sub] : schema["properties"].items()) {
        Json v = fill(sub, pointer + "/" + key);
        if (!v.is_null()) out[key] = v;
      }
      return out;
    }
    if (accepts(schema, "array")) return Json::array({fill(schema["items"], pointer + "/0")});
    if (accepts(schema, "string")) {
      if (schema.value("format", "") == "date") {
        if (pointer.ends_with("/start")) return "2026-11-02";
        if (pointer.ends_with("/end")) return "2026-11-27";
        const std::string date = fmt::format("2026-10-{:02}", ++dates_);
        markers_[pointer] = date;
        return date;
      }
      ++n_;
      // A field that also takes a number gets one first, so the numbers can be read.
      const std::string marker = accepts(schema, "number")
                                     ? fmt::format("{} Marker{}x", 10 + n_, n_)
                                     : fmt::format("Marker{}x", n_);
      markers_[pointer] = marker;
      return marker;
    }
    if (accepts(schema, "integer") || accepts(schema, "number")) return 10;
    return nullptr;  // booleans keep their defaults
  }
  const std::map<std::string, std::string>& markers() const { return markers_; }

 private:
  int n_ = 0;
  int dates_ = 0;
  std::map<std::string, std::string> markers_;
};

std::set<std::string> not_shown(const std::string& note_type) {
  std::set<std::string> fields;
  const Json rules = Json::parse(server::require_asset("data/clinical/note_rules.json"));
  for (const auto& entry : rules["not_shown"][note_type]) {
    EXPECT_FALSE(entry["reason"].get<std::string>().empty());
    fields.insert("/" + entry["field"].get<std::string>());
  }
  return fields;
}

class EveryField : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryField, AppearsInBothRenderingsOrIsNamedAsNotShown) {
  const std::string type = GetParam();
  const Json schema = Json::parse(server::require_asset("schemas/draft_progress_note.input.json"));
  Filler filler;
  Json request = filler.fill(schema, "");
  request["note_type"] = type;
  // The walk's numbers rise from baseline to current to target: the goal is progressing.
  request["goals"][0]["status"] = "progressing";

  auto o = draft_note(request, std::nullopt, {});
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  const std::string md = (*o.value)["markdown"];
  const std::string text = (*o.value)["text"];
  const std::set<std::string> hidden = not_shown(type);
  std::set<std::string> warned;
  for (const auto& f : (*o.value)["findings"])
    warned.insert(f["pointer"].get<std::string>());

  int checked = 0;
  for (const auto& [pointer, marker] : filler.markers()) {
    const std::string top = pointer.substr(0, pointer.find('/', 1));
    if (hidden.contains(top)) {
      EXPECT_TRUE(warned.contains(top)) << type << ": " << top << " is dropped without a warning";
      continue;
    }
    if (kNotVerbatim.contains(pointer)) continue;
    ++checked;
    EXPECT_NE(md.find(marker), std::string::npos) << type << " Markdown lacks " << pointer;
    EXPECT_NE(text.find(marker), std::string::npos) << type << " text lacks " << pointer;
  }
  // The schema has well over a dozen text fields; a walk that found few has gone wrong.
  EXPECT_GT(checked, 12) << type;
}

INSTANTIATE_TEST_SUITE_P(NoteTypes, EveryField,
                         ::testing::Values("daily_note", "progress_report", "discharge_summary"));

}  // namespace
}  // namespace ptmcp::tools::notes
