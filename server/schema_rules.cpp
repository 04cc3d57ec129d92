#include "server/schema_rules.h"

#include <set>
#include <string_view>

namespace ptmcp::server {
namespace {

using Json = nlohmann::json;

// Keywords whose meaning is identical in draft-07 and 2020-12. Absent on purpose: $ref,
// $defs/definitions, items as an array (tuple form changed), dependencies, $id, $schema.
const std::set<std::string_view>& allowed_keywords() {
  static const std::set<std::string_view> keywords = {"type",
                                                      "title",
                                                      "description",
                                                      "properties",
                                                      "required",
                                                      "items",
                                                      "enum",
                                                      "const",
                                                      "default",
                                                      "examples",
                                                      "minimum",
                                                      "maximum",
                                                      "exclusiveMinimum",
                                                      "exclusiveMaximum",
                                                      "minLength",
                                                      "maxLength",
                                                      "pattern",
                                                      "format",
                                                      "minItems",
                                                      "maxItems",
                                                      "uniqueItems",
                                                      "additionalProperties",
                                                      "minProperties",
                                                      "maxProperties",
                                                      "multipleOf",
                                                      "oneOf",
                                                      "anyOf",
                                                      "allOf",
                                                      "not",
                                                      "readOnly",
                                                      "writeOnly"};
  return keywords;
}

void walk(const Json& node, const std::string& pointer, bool root, std::vector<std::string>& out) {
  if (!node.is_object()) {
    out.push_back(pointer + ": a schema must be an object");
    return;
  }
  for (const auto& [key, value] : node.items()) {
    const std::string here = pointer + "/" + key;
    if (!allowed_keywords().contains(key)) {
      out.push_back(here + ": keyword \"" + key + "\" is outside the portable subset");
      continue;
    }
    if (root && (key == "oneOf" || key == "anyOf" || key == "allOf")) {
      out.push_back(here + ": clients reject " + key + " at the top level");
    }
    if (key == "properties") {
      if (!value.is_object()) {
        out.push_back(here + ": must be an object");
        continue;
      }
      for (const auto& [name, child] : value.items())
        walk(child, here + "/" + name, false, out);
    } else if (key == "items") {
      if (value.is_array()) {
        out.push_back(here + ": the array form of items changed meaning in 2020-12");
      } else {
        walk(value, here, false, out);
      }
    } else if (key == "additionalProperties" || key == "not") {
      if (value.is_object()) walk(value, here, false, out);
    } else if (key == "oneOf" || key == "anyOf" || key == "allOf") {
      if (!value.is_array()) {
        out.push_back(here + ": must be an array");
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        walk(value[i], here + "/" + std::to_string(i), false, out);
      }
    } else if (key == "exclusiveMinimum" || key == "exclusiveMaximum") {
      if (!value.is_number())
        out.push_back(here + ": must be a number (the draft-04 form differs)");
    }
  }
  if (root && node.value("type", Json()) != "object") {
    out.push_back(pointer + "/type: the root of a tool schema must be type \"object\"");
  }
}

}  // namespace

std::vector<std::string> portable_schema_violations(const Json& schema) {
  std::vector<std::string> out;
  walk(schema, "", true, out);
  return out;
}

}  // namespace ptmcp::server
