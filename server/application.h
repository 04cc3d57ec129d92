// What a product built on the engine hands to the command line: its identity and a function
// that fills the catalog once the options are known.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "server/catalog.h"

namespace CLI {
class App;
}

namespace ptmcp::server {

struct RuntimeOptions {
  std::string database_path;     // where the product keeps its data (a file or an address)
  std::size_t concurrency = 1;   // requests that may run at once (the worker threads)
  std::string config_path;       // the product's configuration file; empty for defaults
  bool engine_fixtures = false;  // adds the engine's test-only tools, prompt and resources
};

// A command of the product's own beside serve, tools and call ("db status"): it adds its
// options and subcommands to the command it is given, and returns what runs it once the
// command line is parsed (the exit code comes back from run_cli).
struct ProductCommand {
  std::string name;
  std::string description;
  std::function<std::function<int(const RuntimeOptions&)>(CLI::App&)> add;
};

struct Application {
  ServerIdentity identity;
  std::function<void(Catalog&, const RuntimeOptions&)> populate;
  std::vector<ProductCommand> commands;
  // The product's environment variables begin with this ("ACME" for ACME_DB, ACME_CONFIG,
  // ACME_LOG_LEVEL, ACME_DATA_DIR, ACME_HTTP_TOKENS, ...).
  std::string environment_prefix;
  // The database's file name in the product's data folder ("acme.db"); the folder is named
  // after identity.name.
  std::string database_file;
};

// An environment variable's value, or empty when it is unset, blank, or a launcher's
// unexpanded "${...}" placeholder (a desktop extension passes "${user_config.KEY}" through
// untouched when the user left that setting empty).
std::string environment(const char* name);

// The engine's own test fixtures: tools fixture_echo, fixture_slow and fixture_fail, prompt
// fixture_prompt, resource fixture://static and template fixture://items/{item_id}. They
// exercise validation, progress, cancellation and errors; never part of a default catalog.
void add_engine_fixtures(Catalog& catalog);

}  // namespace ptmcp::server
