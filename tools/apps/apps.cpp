#include "tools/apps/apps.h"

#include <string>
#include <string_view>

#include "server/apps.h"
#include "server/assets.h"

namespace ptmcp::tools::apps {
namespace {

// An app's document with the style and script both apps share (templates/apps/app.css and
// app.js) put in their places, so that the document is whole on its own.
std::string document(const char* asset) {
  struct Shared {
    std::string_view marker;
    const char* file;
    std::string_view tag;
  };
  std::string html(server::require_asset(asset));
  for (const Shared& s :
       {Shared{"<style data-inline=\"app.css\"></style>", "templates/apps/app.css", "style"},
        Shared{"<script data-inline=\"app.js\"></script>", "templates/apps/app.js", "script"}}) {
    const auto at = html.find(s.marker);
    if (at == std::string::npos) continue;
    html.replace(at, s.marker.size(),
                 "<" + std::string(s.tag) + ">\n" + std::string(server::require_asset(s.file)) +
                     "</" + std::string(s.tag) + ">");
  }
  return html;
}

void add_app(server::Catalog& catalog, const char* uri, const char* name, const char* title,
             const char* description, const char* asset) {
  catalog.resources.add(
      {uri, name, title, description, std::string(server::kAppMimeType), [uri, asset] {
         server::ResourceContents contents{uri, std::string(server::kAppMimeType), document(asset)};
         // No csp: the host's restrictive default (no network, no outside scripts, styles or
         // frames). The document's own policy says the same.
         contents.meta = {{"ui", {{"prefersBorder", true}}}};
         return contents;
       }});
}

}  // namespace

void add_apps(server::Catalog& catalog) {
  add_app(catalog, kProgramApp, "program-preview", "Home exercise program preview",
          "The page as it will print, the six elements as a scorecard, the text messages and "
          "the calendar's next dates; the therapist can change a description, a dose, the "
          "trigger or the milestone, move an exercise to the next visit, and save a new version.",
          "templates/apps/program.html");
  add_app(catalog, kAdherenceApp, "adherence-review", "Adherence review",
          "The check-in calendar with red flags by tier, pain over time, the diagnosis per "
          "element, and the messages a person must read, each linked to its day.",
          "templates/apps/adherence.html");
}

}  // namespace ptmcp::tools::apps
