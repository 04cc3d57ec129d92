// `ptmcp db status | migrate | export | import`: the database's schema steps, and moving a
// clinic's programs and check-ins from one store to another (a SQLite file to PostgreSQL).
#pragma once

#include <iosfwd>
#include <string>

#include "server/application.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::store {

server::ProductCommand db_command();

// Every version of every program, every check-in and every opt-out, as JSON lines: a first
// line naming the format, one line per row, and a last line with the counts.
void export_lines(ProgramStore& store, std::ostream& out);

// Reads export_lines' output into `store` (again is harmless: what is there is kept once).
// Returns what was imported, in words; throws StoreError when the file is cut short or the
// store then holds other counts than the file.
std::string import_lines(ProgramStore& store, std::istream& in);

}  // namespace ptmcp::tools::store
