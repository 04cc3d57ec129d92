// Resources: fixed URIs and URI templates ("app://programs/{program_id}"), each read by a
// function. A reader returns nothing when the URI names no resource (-32002 on the wire).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/completion.h"

namespace ptmcp::server {

using Json = nlohmann::json;

struct ResourceContents {
  std::string uri;
  std::string mime_type;
  std::string text;
  Json meta = nullptr;  // the contents' _meta (an app's CSP and border), when it has one
  // Set when the resource exists but cannot be read now (its store failed): why, and what
  // to do. The session answers with an error that says so, not "not found".
  std::string unavailable{};

  static ResourceContents unavailable_because(std::string reason) {
    ResourceContents c;
    c.unavailable = std::move(reason);
    return c;
  }
};

struct ResourceDefinition {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::function<std::optional<ResourceContents>()> read;
  // An app's document (mime_type "text/html;profile=mcp-app"): listed only to clients that
  // render apps; any client may read it.
  bool app() const;
};

struct ResourceTemplateDefinition {
  std::string uri_template;  // level-1 RFC 6570: {var} matches one path segment
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::function<std::optional<ResourceContents>(const Arguments& variables)> read;
  std::map<std::string, Completer> complete;  // per variable, optional
};

class ResourceRegistry {
 public:
  // Throw std::invalid_argument on a duplicate URI or template, or a missing reader.
  void add(ResourceDefinition definition);
  void add_template(ResourceTemplateDefinition definition);

  // Resources that exist because of stored data (a saved program's versions): listed by
  // resources/list after the fixed ones, read through the templates. Called on every list,
  // from several threads; returns definitions without readers.
  using Lister = std::function<std::vector<ResourceDefinition>()>;
  void add_lister(Lister lister) { listers_.push_back(std::move(lister)); }

  const std::vector<ResourceDefinition>& resources() const { return resources_; }
  // The fixed resources, then what each lister lists now.
  std::vector<ResourceDefinition> listing() const;
  const std::vector<ResourceTemplateDefinition>& templates() const { return templates_; }
  const ResourceTemplateDefinition* find_template(std::string_view uri_template) const;

  // Reads a fixed resource, else the first template that matches. Nothing when none does.
  std::optional<ResourceContents> read(const std::string& uri) const;

 private:
  std::vector<ResourceDefinition> resources_;
  std::vector<ResourceTemplateDefinition> templates_;
  std::vector<Lister> listers_;
};

// Matches `uri` against a level-1 template; the variables on success.
std::optional<Arguments> match_uri_template(std::string_view uri_template, std::string_view uri);

}  // namespace ptmcp::server
