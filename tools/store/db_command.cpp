#include "tools/store/db_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

#include <CLI/CLI.hpp>

#include "tools/store/migrations.h"

namespace ptmcp::tools::store {
namespace {

using Json = nlohmann::json;

constexpr const char* kFormat = "ptmcp-export";
constexpr int kFormatVersion = 1;

struct Counts {
  std::size_t programs = 0, versions = 0, checkins = 0, opt_outs = 0;
  Json json() const {
    return {{"programs", programs},
            {"versions", versions},
            {"checkins", checkins},
            {"opt_outs", opt_outs}};
  }
  bool operator==(const Counts&) const = default;
};

std::string in_words(const Counts& c) {
  return std::to_string(c.programs) + " programs, " + std::to_string(c.versions) + " versions, " +
         std::to_string(c.checkins) + " check-ins, " + std::to_string(c.opt_outs) + " opt-outs";
}

StoreError bad_file(const std::string& what) {
  return StoreError("the export file " + what + "; nothing more was imported",
                    "export it again (ptmcp db export) and import the whole file");
}

// What `store` holds for the programs `ids`.
Counts counts_of(ProgramStore& store, const std::set<std::string>& ids) {
  Counts c;
  for (const auto& id : ids) {
    const auto versions = store.versions(id).size();
    if (versions == 0) continue;
    ++c.programs;
    c.versions += versions;
    c.checkins += store.checkins(id).size();
    if (store.opted_out(id)) ++c.opt_outs;
  }
  return c;
}

int report_failure(const StoreError& e) {
  std::cerr << "ptmcp: " << e.explained() << "\n";
  return 1;
}

int status(const server::RuntimeOptions& options) {
  if (!is_postgres_address(options.database_path) &&
      !std::filesystem::exists(options.database_path)) {
    std::cout << "No database at " << options.database_path
              << " yet; ptmcp sets it up when it first needs it (schema step "
              << latest_schema_step() << ").\n";
    return 0;
  }
  auto store = open_store(options.database_path, 1, OnOpen::leave_schema);
  const int step = store->schema_step();
  const int latest = latest_schema_step();
  if (step > latest) {
    std::cout << newer_database_error(step) << ": " << newer_database_next_step() << ".\n";
    return 65;
  }
  std::cout << "Schema step " << step << " of " << latest << " this ptmcp knows";
  if (step == latest) {
    std::cout << ": up to date.\n";
    return 0;
  }
  std::cout << "; ptmcp db migrate (or starting ptmcp) applies:\n";
  for (const Migration& m : migrations()) {
    if (m.step > step) std::cout << "  " << m.step << ". " << m.what << "\n";
  }
  return 0;
}

int migrate(const server::RuntimeOptions& options) {
  auto store = open_store(options.database_path, 1, OnOpen::leave_schema);
  const int before = store->schema_step();
  const int after = store->migrate();
  if (before == after) {
    std::cout << "Schema step " << after << ": already up to date.\n";
  } else {
    std::cout << "Schema step " << before << " → " << after << ".\n";
  }
  return 0;
}

int export_command(const server::RuntimeOptions& options, const std::string& out_path) {
  auto store = open_store(options.database_path, 1);
  if (out_path.empty() || out_path == "-") {
    export_lines(*store, std::cout);
    return std::cout.flush() ? 0 : 1;
  }
  // Patient data: readable by its owner only, and never over an existing file.
  const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::cerr << "ptmcp: cannot make " << out_path
              << " (it may exist already: export never writes over a file)\n";
    return 73;
  }
  ::close(fd);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  export_lines(*store, out);
  out.close();
  if (!out) {
    std::cerr << "ptmcp: writing " << out_path << " failed (is the disk full?)\n";
    return 74;
  }
  return 0;
}

int import_command(const server::RuntimeOptions& options, const std::string& in_path) {
  auto store = open_store(options.database_path, 1);
  if (in_path == "-") {
    std::cout << import_lines(*store, std::cin) << "\n";
    return 0;
  }
  std::ifstream in(in_path, std::ios::binary);
  if (!in) {
    std::cerr << "ptmcp: cannot read " << in_path << "\n";
    return 66;
  }
  std::cout << import_lines(*store, in) << "\n";
  return 0;
}

}  // namespace

void export_lines(ProgramStore& store, std::ostream& out) {
  out << Json{{"format", kFormat}, {"format_version", kFormatVersion}}.dump() << "\n";
  auto summaries = store.summaries();
  // Oldest activity first, so an import orders programs the way they were made.
  std::reverse(summaries.begin(), summaries.end());
  Counts counts;
  for (const ProgramSummary& s : summaries) {
    ++counts.programs;
    for (const VersionEntry& entry : store.versions(s.program_id)) {
      auto v = store.load(s.program_id, entry.version);
      if (!v) continue;  // cannot happen while nothing deletes versions
      ++counts.versions;
      out << Json{{"version",
                   {{"program_id", v->program_id},
                    {"version", v->version},
                    {"created_at", v->created_at},
                    {"program", v->program},
                    {"changes", v->changes}}}}
                 .dump()
          << "\n";
    }
    for (const StoredCheckin& c : store.checkins(s.program_id)) {
      ++counts.checkins;
      out << Json{{"checkin",
                   {{"program_id", c.program_id},
                    {"received_at", c.received_at},
                    {"received_utc", c.received_utc},
                    {"local_date", c.local_date},
                    {"message", c.message},
                    {"channel", c.channel},
                    {"parsed", c.parsed}}}}
                 .dump()
          << "\n";
    }
    if (store.opted_out(s.program_id)) {
      ++counts.opt_outs;
      out << Json{{"opt_out", {{"program_id", s.program_id}}}}.dump() << "\n";
    }
  }
  out << Json{{"counts", counts.json()}}.dump() << "\n";
}

std::string import_lines(ProgramStore& store, std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) throw bad_file("is empty");
  Json header = Json::parse(line, nullptr, false);
  if (!header.is_object() || header.value("format", "") != kFormat)
    throw bad_file("is not a ptmcp export");
  if (header.value("format_version", 0) > kFormatVersion)
    throw bad_file("was written by a newer ptmcp");
  std::set<std::string> ids;
  Counts read;
  std::optional<Counts> promised;
  std::size_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (promised) throw bad_file("goes on after its counts (line " + std::to_string(number) + ")");
    Json row = Json::parse(line, nullptr, false);
    try {
      if (row.contains("version")) {
        const Json& v = row["version"];
        StoredProgram stored{v.at("program_id").get<std::string>(), v.at("version").get<int>(),
                             v.at("created_at").get<std::string>(), v.at("program"),
                             v.at("changes")};
        store.restore_version(stored);
        ids.insert(stored.program_id);
        if (stored.version == 1) ++read.programs;
        ++read.versions;
      } else if (row.contains("checkin")) {
        const Json& c = row["checkin"];
        StoredCheckin checkin;
        checkin.program_id = c.at("program_id").get<std::string>();
        checkin.received_at = c.at("received_at").get<std::string>();
        checkin.received_utc = c.at("received_utc").get<std::string>();
        checkin.local_date = c.at("local_date").get<std::string>();
        checkin.message = c.at("message").get<std::string>();
        checkin.channel = c.at("channel").get<std::string>();
        checkin.parsed = c.at("parsed");
        store.add_checkin(checkin);
        ++read.checkins;
      } else if (row.contains("opt_out")) {
        store.set_opted_out(row["opt_out"].at("program_id").get<std::string>(), true);
        ++read.opt_outs;
      } else if (row.contains("counts")) {
        const Json& c = row["counts"];
        promised = Counts{c.at("programs").get<std::size_t>(), c.at("versions").get<std::size_t>(),
                          c.at("checkins").get<std::size_t>(), c.at("opt_outs").get<std::size_t>()};
      } else {
        throw bad_file("has a line ptmcp does not know (line " + std::to_string(number) + ")");
      }
    } catch (const Json::exception&) {
      throw bad_file("has a damaged line (line " + std::to_string(number) + ")");
    }
  }
  if (!promised) throw bad_file("is cut short (its last line, the counts, is missing)");
  if (!(read == *promised))
    throw bad_file("holds " + in_words(read) + " but says it holds " + in_words(*promised));
  const Counts held = counts_of(store, ids);
  if (!(held == read))
    throw StoreError("after the import the database holds " + in_words(held) +
                         " for the imported programs, not the file's " + in_words(read),
                     "look for another ptmcp writing to these programs, then import again");
  return "Imported " + in_words(read) + "; the database holds the same.";
}

server::ProductCommand db_command() {
  return {
      "db", "The database: its schema, and moving its data to another store",
      [](CLI::App& db) -> std::function<int(const server::RuntimeOptions&)> {
        db.require_subcommand(1);
        auto* status_cmd = db.add_subcommand("status", "Show the schema step the database is at");
        auto* migrate_cmd = db.add_subcommand("migrate", "Bring the database's schema up to date");
        auto* export_cmd = db.add_subcommand(
            "export", "Write every program version, check-in and opt-out as JSON lines");
        auto out = std::make_shared<std::string>("-");
        export_cmd->add_option("--out", *out, "File to write (a new one), or - for stdout")
            ->capture_default_str();
        auto* import_cmd =
            db.add_subcommand("import", "Read an export into the database, then check counts");
        auto in = std::make_shared<std::string>();
        import_cmd->add_option("file", *in, "The export file, or - for stdin")->required();
        return [=](const server::RuntimeOptions& options) {
          try {
            if (status_cmd->parsed()) return status(options);
            if (migrate_cmd->parsed()) return migrate(options);
            if (export_cmd->parsed()) return export_command(options, *out);
            if (import_cmd->parsed()) return import_command(options, *in);
          } catch (const StoreError& e) {
            return report_failure(e);
          }
          return 64;
        };
      }};
}

}  // namespace ptmcp::tools::store
