// Validates JSON documents against a JSON Schema (valijson underneath). Each problem comes
// back as a JSON Pointer, a message, and an example of a value that would pass, so an
// assistant can fix its call in one step (SEP-1303).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ptmcp::server {

using Json = nlohmann::json;

struct SchemaProblem {
  std::string pointer;  // JSON Pointer into the validated document; "" is the root
  std::string message;
  Json example;  // a value that would pass at `pointer`, or null when none can be given
};

// Renders problems as the numbered text an assistant reads in an isError result.
std::string describe_problems(const std::vector<SchemaProblem>& problems);

// A compiled schema. Construction throws std::invalid_argument when the schema itself is
// not valid. validate() is const and safe to call from several threads at once.
class SchemaValidator {
 public:
  explicit SchemaValidator(Json schema);
  ~SchemaValidator();
  SchemaValidator(SchemaValidator&&) noexcept;
  SchemaValidator& operator=(SchemaValidator&&) noexcept;

  std::vector<SchemaProblem> validate(const Json& document) const;
  const Json& schema() const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

// An example value for the part of `schema` that describes the document location `pointer`
// (its "examples", "default", "enum" or "const", else one built from its "type").
Json example_at(const Json& schema, const std::string& pointer);

}  // namespace ptmcp::server
