#include "server/schema_validator.h"

#include <mutex>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace ptmcp::server {
namespace {

std::string escape_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// valijson describes a location as {"<root>", "[name]", "[0]", ...}.
std::string pointer_from_context(const std::vector<std::string>& context) {
  std::string pointer;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string token = part;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
      token = token.substr(1, token.size() - 2);
    }
    pointer += "/" + escape_token(token);
  }
  return pointer;
}

std::vector<std::string> split_pointer(const std::string& pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = pointer.find('/', start);
    std::string raw =
        pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size()) {
        token += raw[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        token += raw[i];
      }
    }
    tokens.push_back(token);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return tokens;
}

const Json* subschema_at(const Json& schema, const std::string& pointer) {
  const Json* node = &schema;
  for (const auto& token : split_pointer(pointer)) {
    if (!node->is_object()) return nullptr;
    auto props = node->find("properties");
    if (props != node->end() && props->contains(token)) {
      node = &(*props)[token];
      continue;
    }
    auto items = node->find("items");
    if (items != node->end() && items->is_object()) {
      node = &*items;
      continue;
    }
    auto extra = node->find("additionalProperties");
    if (extra != node->end() && extra->is_object()) {
      node = &*extra;
      continue;
    }
    return nullptr;
  }
  return node;
}

std::string type_name(const Json& schema) {
  auto type = schema.find("type");
  if (type == schema.end()) return "";
  if (type->is_string()) return type->get<std::string>();
  if (type->is_array() && !type->empty() && type->front().is_string()) {
    std::string joined;
    for (const auto& t : *type) {
      if (!joined.empty()) joined += " or ";
      joined += t.get<std::string>();
    }
    return joined;
  }
  return "";
}

Json example_from(const Json& schema, int depth) {
  if (!schema.is_object() || depth > 8) return nullptr;
  if (auto it = schema.find("examples"); it != schema.end() && it->is_array() && !it->empty()) {
    return it->front();
  }
  if (auto it = schema.find("default"); it != schema.end()) return *it;
  if (auto it = schema.find("const"); it != schema.end()) return *it;
  if (auto it = schema.find("enum"); it != schema.end() && it->is_array() && !it->empty()) {
    return it->front();
  }
  std::string type = schema.value("type", Json("")).is_string() ? schema.value("type", "") : "";
  if (type == "string") {
    std::string format = schema.value("format", "");
    if (format == "date") return "2026-11-30";
    if (format == "date-time") return "2026-11-24T07:20:00-05:00";
    if (format == "uri") return "https://example.org/";
    return "text";
  }
  if (type == "integer" || type == "number") {
    if (auto it = schema.find("minimum"); it != schema.end()) return *it;
    if (auto it = schema.find("maximum"); it != schema.end()) return *it;
    return 1;
  }
  if (type == "boolean") return true;
  if (type == "array") {
    Json item = schema.contains("items") ? example_from(schema["items"], depth + 1) : Json(nullptr);
    return item.is_null() ? Json::array() : Json::array({item});
  }
  if (type == "object") {
    Json object = Json::object();
    if (auto required = schema.find("required"); required != schema.end()) {
      for (const auto& name : *required) {
        const std::string key = name.get<std::string>();
        if (schema.contains("properties") && schema["properties"].contains(key)) {
          object[key] = example_from(schema["properties"][key], depth + 1);
        }
      }
    }
    return object;
  }
  return nullptr;
}

// Cascade messages restate a deeper failure that valijson also reports on its own.
bool is_cascade(const std::string& description) {
  return description.starts_with("Failed to validate against schema associated with property") ||
         description.starts_with("Failed to validate item #") ||
         description.starts_with("Failed to validate against additional properties schema") ||
         description.starts_with("Failed to validate against schema associated with pattern");
}

// The last 'quoted' name in a valijson message (earlier quotes name keywords).
std::string last_quoted(const std::string& text) {
  std::size_t close = text.rfind('\'');
  if (close == std::string::npos || close == 0) return "";
  std::size_t open = text.rfind('\'', close - 1);
  if (open == std::string::npos) return "";
  return text.substr(open + 1, close - open - 1);
}

SchemaProblem explain(const Json& schema, const std::string& pointer,
                      const std::string& description) {
  if (description.starts_with("Missing required property")) {
    std::string child = pointer + "/" + escape_token(last_quoted(description));
    return {child, "is required but missing", example_at(schema, child)};
  }
  if (description.starts_with("Object contains a property that could not be validated")) {
    std::string name = last_quoted(description);
    std::string allowed;
    if (const Json* node = subschema_at(schema, pointer);
        node != nullptr && node->contains("properties")) {
      for (const auto& [key, value] : (*node)["properties"].items()) {
        if (!allowed.empty()) allowed += ", ";
        allowed += key;
      }
    }
    return {pointer + "/" + escape_token(name),
            "is not a known field" + (allowed.empty() ? "" : " (known fields: " + allowed + ")"),
            nullptr};
  }
  const Json* node = subschema_at(schema, pointer);
  Json example = node ? example_from(*node, 0) : Json(nullptr);
  if (description.starts_with("Value type not permitted") && node) {
    return {pointer, "must be of type " + type_name(*node), example};
  }
  if (description.starts_with("Failed to match against any enum values") && node &&
      node->contains("enum")) {
    std::string options;
    for (const auto& option : (*node)["enum"]) {
      if (!options.empty()) options += ", ";
      options += option.dump();
    }
    return {pointer, "must be one of " + options, example};
  }
  if (description.starts_with("Failed to match regex") && node && node->contains("pattern")) {
    return {pointer, "does not match the pattern " + (*node)["pattern"].get<std::string>(),
            example};
  }
  std::string message = description;
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
  return {pointer, message, example};
}

// ---- "format" ----
// valijson checks "date", "time" and "date-time" by compiling a std::regex on every call,
// which costs more than the rest of a validation together. Those keywords are taken out of
// the schema valijson sees, wherever properties, items and additionalProperties lead from
// the root, and checked here with the same rules (RFC 3339).

bool digits(std::string_view s, std::size_t at, std::size_t count, int& value) {
  if (at + count > s.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

// YYYY-MM-DD with a day the month has.
bool valid_date(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, year) ||
      !digits(s, 5, 2, month) || !digits(s, 8, 2, day) || month < 1 || month > 12 || day < 1)
    return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
}

// HH:MM:SS[.fraction] then Z or +HH:MM / -HH:MM.
bool valid_time(std::string_view s) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (s.size() < 9 || s[2] != ':' || s[5] != ':' || !digits(s, 0, 2, hour) ||
      !digits(s, 3, 2, minute) || !digits(s, 6, 2, second) || hour > 23 || minute > 59 ||
      second > 60)
    return false;
  std::size_t at = 8;
  if (s[at] == '.') {
    const std::size_t start = ++at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9')
      ++at;
    if (at == start) return false;
  }
  const std::string_view zone = s.substr(at);
  if (zone == "Z" || zone == "z") return true;
  int zone_hour = 0;
  int zone_minute = 0;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
         digits(zone, 1, 2, zone_hour) && digits(zone, 4, 2, zone_minute) && zone_hour <= 23 &&
         zone_minute <= 59;
}

bool valid_date_time(std::string_view s) {
  return s.size() > 11 && (s[10] == 'T' || s[10] == 't') && valid_date(s.substr(0, 10)) &&
         valid_time(s.substr(11));
}

bool checked_here(const Json& format) {
  return format == "date" || format == "time" || format == "date-time";
}

void strip_formats(Json& schema) {
  if (!schema.is_object()) return;
  if (auto format = schema.find("format"); format != schema.end() && checked_here(*format))
    schema.erase(format);
  if (auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
    for (auto& child : *props)
      strip_formats(child);
  }
  for (const char* key : {"items", "additionalProperties"}) {
    if (auto child = schema.find(key); child != schema.end()) strip_formats(*child);
  }
}

void check_formats(const Json& schema, const Json& document, const std::string& pointer,
                   std::vector<SchemaProblem>& problems) {
  if (!schema.is_object()) return;
  if (auto format = schema.find("format");
      format != schema.end() && checked_here(*format) && document.is_string()) {
    const std::string& value = document.get_ref<const std::string&>();
    const std::string& name = format->get_ref<const std::string&>();
    const bool ok = name == "date"   ? valid_date(value)
                    : name == "time" ? valid_time(value)
                                     : valid_date_time(value);
    if (!ok) problems.push_back({pointer, "must be a valid " + name, example_from(schema, 0)});
  }
  if (document.is_object()) {
    const auto props = schema.find("properties");
    const auto extra = schema.find("additionalProperties");
    for (auto it = document.begin(); it != document.end(); ++it) {
      const std::string child = pointer + "/" + escape_token(it.key());
      if (props != schema.end() && props->is_object() && props->contains(it.key())) {
        check_formats((*props)[it.key()], *it, child, problems);
      } else if (extra != schema.end() && extra->is_object()) {
        check_formats(*extra, *it, child, problems);
      }
    }
  } else if (document.is_array()) {
    if (auto items = schema.find("items"); items != schema.end() && items->is_object()) {
      for (std::size_t i = 0; i < document.size(); ++i)
        check_formats(*items, document[i], pointer + "/" + std::to_string(i), problems);
    }
  }
}

}  // namespace

struct SchemaValidator::Compiled {
  Json source;
  valijson::Schema schema;
  // The validator keeps the schema's "pattern" regexes compiled between calls; one at a time
  // may use it.
  std::mutex mutex;
  valijson::Validator validator{valijson::Validator::kStrongTypes};
};

SchemaValidator::SchemaValidator(Json schema) : compiled_(std::make_unique<Compiled>()) {
  compiled_->source = std::move(schema);
  try {
    Json without_formats = compiled_->source;
    strip_formats(without_formats);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(without_formats);
    parser.populateSchema(adapter, compiled_->schema);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("invalid JSON Schema: ") + e.what());
  }
}

SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;

const Json& SchemaValidator::schema() const {
  return compiled_->source;
}

std::vector<SchemaProblem> SchemaValidator::validate(const Json& document) const {
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  std::vector<SchemaProblem> problems;
  bool valid = false;
  {
    std::lock_guard lock(compiled_->mutex);
    valid = compiled_->validator.validate(compiled_->schema, target, &results);
  }
  valijson::ValidationResults::Error error;
  while (!valid && results.popError(error)) {
    if (is_cascade(error.description)) continue;
    problems.push_back(
        explain(compiled_->source, pointer_from_context(error.context), error.description));
  }
  if (!valid && problems.empty()) problems.push_back({"", "does not match the schema", nullptr});
  check_formats(compiled_->source, document, "", problems);
  return problems;
}

Json example_at(const Json& schema, const std::string& pointer) {
  const Json* node = subschema_at(schema, pointer);
  return node ? example_from(*node, 0) : Json(nullptr);
}

std::string describe_problems(const std::vector<SchemaProblem>& problems) {
  std::string text =
      "The arguments do not match the tool's input schema (" + std::to_string(problems.size()) +
      (problems.size() == 1 ? " problem" : " problems") + "). Fix each and call again:\n";
  int n = 0;
  for (const auto& problem : problems) {
    text += std::to_string(++n) + ". " + (problem.pointer.empty() ? "/" : problem.pointer) + ": " +
            problem.message;
    if (!problem.example.is_null()) text += "; for example " + problem.example.dump();
    text += "\n";
  }
  return text;
}

}  // namespace ptmcp::server
