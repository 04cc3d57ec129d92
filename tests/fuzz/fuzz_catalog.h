// ptmcp's real catalog for the fuzz targets, with a fresh database per process.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "server/application.h"
#include "server/catalog.h"
#include "tools/application.h"

namespace ptmcp::fuzz {

inline const server::Catalog& catalog() {
  static const server::Catalog* built = [] {
    auto* c = new server::Catalog;  // never freed: the fuzzer's threads may use it to exit
    const auto dir =
        std::filesystem::temp_directory_path() / ("ptmcp-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    server::RuntimeOptions options;
    options.database_path = (dir / "fuzz.db").string();
    const auto& app = tools::application();
    c->identity = app.identity;
    app.populate(*c, options);
    return c;
  }();
  return *built;
}

}  // namespace ptmcp::fuzz
