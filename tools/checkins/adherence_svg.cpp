// The adherence calendar as SVG: one cell a day, coloured by what happened; each warning
// sign tier its own shape and colour, a person-must-read mark, STOP shown in a band across
// the top. Everything, the legend too, is laid out inside the drawing's own box.
#include <map>

#include <fmt/format.h>

#include "tools/checkins/adherence_review.h"
#include "tools/hep/dates.h"

namespace ptmcp::tools::checkins {
namespace {

using std::chrono::sys_days;

constexpr int kCell = 48;
constexpr int kLeft = 10;
constexpr int kWidth = kLeft * 2 + kCell * 7;
constexpr int kRow = 20;

struct Style {
  const char* fill;
  const char* stroke;
};

const std::map<std::string, Style>& day_styles() {
  static const std::map<std::string, Style> kStyles = {
      {"done", {"#1b7f3b", "#1b7f3b"}},   {"partial", {"#8fd19e", "#1b7f3b"}},
      {"missed", {"#ffffff", "#c62828"}}, {"skipped", {"#fde7e7", "#c62828"}},
      {"extra", {"#cfe8d6", "#1b7f3b"}},  {"not_scheduled", {"#eeeeee", "#bbbbbb"}}};
  return kStyles;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s)
    out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

// A tier's mark centred on (cx, cy): emergency a red triangle, urgent an orange diamond,
// same day an amber circle; each with "!" so it reads without colour too.
std::string flag_mark(const std::string& tier, int cx, int cy, const std::string& title) {
  std::string shape;
  const char* ink = "#ffffff";
  if (tier == "emergency") {
    shape = fmt::format("<polygon points=\"{},{} {},{} {},{}\" fill=\"#b71c1c\"/>", cx, cy - 9,
                        cx + 9, cy + 7, cx - 9, cy + 7);
  } else if (tier == "urgent") {
    shape = fmt::format("<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#e65100\"/>", cx,
                        cy - 9, cx + 9, cy, cx, cy + 9, cx - 9, cy);
  } else {
    shape = fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"#f9a825\"/>", cx, cy);
    ink = "#111111";
  }
  return fmt::format(
      "<g class=\"flag-{}\"><title>{}</title>{}<text x=\"{}\" y=\"{}\" font-size=\"11\" "
      "font-weight=\"bold\" fill=\"{}\" text-anchor=\"middle\">!</text></g>\n",
      tier, escape(title), shape, cx, cy + 4, ink);
}

std::string review_mark(int cx, int cy, const std::string& title) {
  return fmt::format(
      "<g class=\"needs-review\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"16\" "
      "height=\"16\" rx=\"2\" fill=\"#1565c0\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" "
      "font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">?</text></g>\n",
      escape(title), cx - 8, cy - 8, cx, cy + 4);
}

std::string stop_mark(int x, int y, const std::string& title) {
  return fmt::format(
      "<g class=\"opt-out\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"26\" height=\"12\" "
      "fill=\"#111111\"/><text x=\"{}\" y=\"{}\" font-size=\"8\" font-weight=\"bold\" "
      "fill=\"#ffffff\" text-anchor=\"middle\">STOP</text></g>\n",
      escape(title), x, y, x + 13, y + 9);
}

}  // namespace

std::string adherence_svg(const Review& r) {
  const auto& days = r.days;
  const bool banner = r.opt_out.opted_out;
  const int top = 62 + (banner ? 26 : 0) + 18;  // title lines, the STOP band, weekday names
  int weeks = 0;
  int lead = 0;
  if (!days.empty()) {
    const sys_days first = *hep::parse_date(days.front().date);
    lead = static_cast<int>(std::chrono::weekday{first}.iso_encoding()) - 1;  // Monday = 0
    weeks = (lead + static_cast<int>(days.size()) + 6) / 7;
  }
  const int legend_top = top + weeks * kCell + 14;
  const int legend_rows = 3 + 3;  // six day kinds and five marks, two columns each
  const int height = legend_top + legend_rows * kRow + 8;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      kWidth, height);
  svg += fmt::format("<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
                     kLeft, escape(r.patient_name));
  svg +=
      fmt::format("<text x=\"{}\" y=\"36\" font-size=\"11\">{:g}% of scheduled sessions</text>\n",
                  kLeft, r.adherence_percent);
  svg += fmt::format("<text x=\"{}\" y=\"50\" font-size=\"11\">{} to {}</text>\n", kLeft,
                     r.period.from, r.period.to);
  if (banner) {
    const std::string text = r.opt_out.since.empty()
                                 ? "OPTED OUT OF TEXTS (STOP)"
                                 : "OPTED OUT OF TEXTS (STOP) on " + r.opt_out.since;
    svg += fmt::format(
        "<g class=\"opt-out-banner\"><rect x=\"{}\" y=\"60\" width=\"{}\" height=\"20\" "
        "fill=\"#111111\"/><text x=\"{}\" y=\"74\" font-size=\"11\" font-weight=\"bold\" "
        "fill=\"#ffffff\">{}</text></g>\n",
        kLeft, kCell * 7, kLeft + 6, text);
  }
  static const char* kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int c = 0; c < 7; ++c) {
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                    kLeft + c * kCell + kCell / 2, top - 6, kNames[c]);
  }
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& day = days[i];
    const int slot = lead + static_cast<int>(i);
    const int x = kLeft + (slot % 7) * kCell;
    const int y = top + (slot / 7) * kCell;
    const Style& style = day_styles().at(day.kind);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\" stroke=\"{}\" "
        "stroke-width=\"2\"><title>{} {}</title></rect>\n",
        x + 2, y + 2, kCell - 4, kCell - 4, style.fill, style.stroke, day.date, day.kind);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">{}</text>\n", x + 6,
                       y + 16, day.kind == "done" ? "#ffffff" : "#111111",
                       std::stoi(day.date.substr(8, 2)));
    if (day.red_flag()) {
      svg += flag_mark(day.flag_tier, x + kCell - 14, y + kCell - 14,
                       day.date + " warning sign: " + day.flag_tier);
    }
    if (day.needs_review)
      svg += review_mark(x + 14, y + kCell - 14, day.date + " a person must read a message");
    if (day.opt_out) svg += stop_mark(x + kCell - 30, y + 5, day.date + " STOP");
  }

  // The legend: day kinds, then the marks, two columns.
  const int column = kCell * 7 / 2;
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"done", "done"},
      {"partial", "partial"},
      {"missed", "missed, no word"},
      {"skipped", "said skipped"},
      {"extra", "extra"},
      {"not_scheduled", "not scheduled"}};
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const int x = kLeft + static_cast<int>(i % 2) * column;
    const int y = legend_top + static_cast<int>(i / 2) * kRow;
    const Style& style = day_styles().at(kinds[i].first);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" rx=\"2\" fill=\"{}\" stroke=\"{}\" "
        "stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
        x, y, style.fill, style.stroke, x + 22, y + 11, kinds[i].second);
  }
  const int marks_top = legend_top + 3 * kRow;
  const std::vector<std::pair<std::string, std::string>> marks = {
      {"emergency", "emergency: call 911"},
      {"urgent", "urgent: ER now"},
      {"same_day", "same day: call clinic"},
      {"review", "a person must read it"},
      {"stop", "STOP: no more texts"}};
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const int x = kLeft + static_cast<int>(i % 2) * column;
    const int y = marks_top + static_cast<int>(i / 2) * kRow;
    const auto& [mark, label] = marks[i];
    if (mark == "review") {
      svg += review_mark(x + 8, y + 7, label);
    } else if (mark == "stop") {
      svg += stop_mark(x - 4, y + 1, label);
    } else {
      svg += flag_mark(mark, x + 8, y + 7, label);
    }
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n", x + 26, y + 11, label);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace ptmcp::tools::checkins
