#include "server/resource_registry.h"

#include <cctype>
#include <stdexcept>

#include "server/apps.h"

namespace ptmcp::server {

bool ResourceDefinition::app() const {
  return mime_type == kAppMimeType;
}

void ResourceRegistry::add(ResourceDefinition definition) {
  if (!definition.read)
    throw std::invalid_argument("resource " + definition.uri + " has no reader");
  for (const auto& existing : resources_) {
    if (existing.uri == definition.uri) {
      throw std::invalid_argument("resource " + definition.uri + " is registered twice");
    }
  }
  resources_.push_back(std::move(definition));
}

void ResourceRegistry::add_template(ResourceTemplateDefinition definition) {
  if (!definition.read) {
    throw std::invalid_argument("template " + definition.uri_template + " has no reader");
  }
  if (find_template(definition.uri_template) != nullptr) {
    throw std::invalid_argument("template " + definition.uri_template + " is registered twice");
  }
  templates_.push_back(std::move(definition));
}

const ResourceTemplateDefinition* ResourceRegistry::find_template(
    std::string_view uri_template) const {
  for (const auto& t : templates_) {
    if (t.uri_template == uri_template) return &t;
  }
  return nullptr;
}

std::vector<ResourceDefinition> ResourceRegistry::listing() const {
  std::vector<ResourceDefinition> all = resources_;
  for (const auto& lister : listers_) {
    for (auto& r : lister())
      all.push_back(std::move(r));
  }
  return all;
}

std::optional<ResourceContents> ResourceRegistry::read(const std::string& uri) const {
  for (const auto& resource : resources_) {
    if (resource.uri == uri) return resource.read();
  }
  for (const auto& t : templates_) {
    if (auto variables = match_uri_template(t.uri_template, uri)) {
      if (auto contents = t.read(*variables)) return contents;
    }
  }
  return std::nullopt;
}

namespace {

// RFC 6570 simple expansion percent-encodes values; a reader gets them decoded.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::optional<Arguments> match_uri_template(std::string_view uri_template, std::string_view uri) {
  Arguments variables;
  std::size_t t = 0;
  std::size_t u = 0;
  while (t < uri_template.size()) {
    if (uri_template[t] == '{') {
      std::size_t close = uri_template.find('}', t);
      if (close == std::string_view::npos) return std::nullopt;
      std::string name(uri_template.substr(t + 1, close - t - 1));
      std::size_t end = u;
      // A variable takes one path segment: up to the next '/' (or the literal that follows).
      char stop = close + 1 < uri_template.size() ? uri_template[close + 1] : '\0';
      while (end < uri.size() && uri[end] != '/' && (stop == '\0' || uri[end] != stop))
        ++end;
      if (end == u) return std::nullopt;
      variables[name] = percent_decode(uri.substr(u, end - u));
      u = end;
      t = close + 1;
    } else {
      if (u >= uri.size() || uri[u] != uri_template[t]) return std::nullopt;
      ++u;
      ++t;
    }
  }
  if (u != uri.size()) return std::nullopt;
  return variables;
}

}  // namespace ptmcp::server
