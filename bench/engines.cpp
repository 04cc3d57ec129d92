// Google Benchmark for the engines, on the sample cases: schema validation, the
// six-element checks, readability, each rendering, check-in parsing, and the adherence
// review over a year of daily check-ins. Run by scripts/bench.sh (not part of the tests).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "server/schema_validator.h"
#include "tools/checkins/checkin_parser.h"
#include "tools/checkins/review_adherence.h"
#include "tools/hep/checks.h"
#include "tools/hep/dates.h"
#include "tools/hep/render.h"
#include "tools/store/program_store.h"
#include "tools/text/readability.h"

namespace {

using Json = nlohmann::json;
namespace hep = ptmcp::tools::hep;

std::string read(const std::string& relative) {
  std::ifstream in(std::string(PTMCP_SOURCE_DIR) + "/" + relative, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const Json& tka() {
  static const Json j = Json::parse(read("tests/data/cases/hep_post_tka.json"));
  return j;
}

const hep::Program& program() {
  static const hep::Program p = *hep::check_hep(tka(), hep::HepLimits{}).value;
  return p;
}

const hep::Stamp kStamp{"p-bench00001", 1, "2026-11-23T18:00:00Z"};

void SchemaValidation(benchmark::State& state) {
  const ptmcp::server::SchemaValidator validator(
      Json::parse(read("schemas/generate_hep.input.json")));
  for (auto _ : state)
    benchmark::DoNotOptimize(validator.validate(tka()));
}
BENCHMARK(SchemaValidation);

void SixElementChecks(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(hep::check_hep(tka(), hep::HepLimits{}));
}
BENCHMARK(SixElementChecks);

void Readability(benchmark::State& state) {
  const std::string page = hep::page_text(program());
  for (auto _ : state)
    benchmark::DoNotOptimize(ptmcp::tools::text::measure(page));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page.size()));
}
BENCHMARK(Readability);

void RenderMarkdown(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(hep::render_markdown(program()));
}
BENCHMARK(RenderMarkdown);

void RenderSms(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(hep::render_sms(program()));
}
BENCHMARK(RenderSms);

void RenderHtml(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(hep::render_html(program(), kStamp));
}
BENCHMARK(RenderHtml);

void RenderIcs(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(hep::render_ics(program(), kStamp));
}
BENCHMARK(RenderIcs);

const std::vector<std::vector<std::string>>& names() {
  static const std::vector<std::vector<std::string>> n = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto& e : program().exercises)
      out.push_back({e.name, e.clinical_name});
    return out;
  }();
  return n;
}

void CheckinParsing(benchmark::State& state) {
  const std::vector<std::string> messages = {"DONE",
                                             "did 2 of them, knee sore 5/10 on the leg lifts",
                                             "skipped today, too tired",
                                             "my calf is red and swollen",
                                             "did all 3 yesterday, pain 3",
                                             "STOP"};
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        ptmcp::tools::checkins::parse_checkin(messages[i++ % messages.size()], names()));
}
BENCHMARK(CheckinParsing);

void AdherenceReviewOfAYear(benchmark::State& state) {
  // A year of daily check-ins, as record_checkin stores them.
  std::vector<ptmcp::tools::store::StoredCheckin> checkins;
  const auto start = *hep::parse_date("2026-01-01");
  const std::vector<std::string> statuses = {"done", "done", "partial", "done", "skipped"};
  for (int d = 0; d < 365; ++d) {
    const std::string date = hep::format_date(start + std::chrono::days{d});
    const std::string& status = statuses[static_cast<std::size_t>(d) % statuses.size()];
    Json parsed = {{"status", status},
                   {"pain", d % 7},
                   {"exercises_done", Json::array()},
                   {"exercises_skipped", Json::array()},
                   {"flags", Json::array()},
                   {"tier", nullptr},
                   {"pain_rule_hit", false},
                   {"opt_out", false},
                   {"help", false},
                   {"yesterday", false}};
    checkins.push_back({d + 1, "p-bench00001", date + "T07:30:00-05:00", date + "T12:30:00Z", date,
                        status, "sms", parsed, false});
  }
  const ptmcp::tools::checkins::ReviewPeriod period{"2026-01-01", "2026-12-31"};
  const std::vector<ptmcp::tools::checkins::ProgramVersion> versions = {{1, "", program()}};
  for (auto _ : state)
    benchmark::DoNotOptimize(
        ptmcp::tools::checkins::review(versions, checkins, period, std::nullopt, false));
}
BENCHMARK(AdherenceReviewOfAYear);

// Opening the store runs PRAGMA quick_check: its cost on a database of 1,000 programs with
// ten check-ins each (about what a busy clinic keeps in a year), paid once per process.
void OpenStoreWithQuickCheck(benchmark::State& state) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::temp_directory_path() / "ptmcp-bench-open";
  fs::remove_all(folder);
  const std::string path = (folder / "ptmcp.db").string();
  {
    auto store = ptmcp::tools::store::open_sqlite_store(path);
    for (int i = 0; i < 1000; ++i) {
      auto saved = store->save(std::nullopt, tka());
      for (int d = 0; d < 10; ++d) {
        ptmcp::tools::store::StoredCheckin c;
        c.program_id = saved->program_id;
        c.received_at = "2026-11-" + std::to_string(10 + d) + "T08:00:00-05:00";
        c.received_utc = c.received_at;
        c.local_date = c.received_at.substr(0, 10);
        c.message = "done";
        c.channel = "sms";
        c.parsed = nlohmann::json::object();
        store->add_checkin(c);
      }
    }
  }
  for (auto _ : state) {
    auto store = ptmcp::tools::store::open_sqlite_store(path);
    benchmark::DoNotOptimize(store->load("p-none"));  // the first use opens and checks
  }
  state.counters["file_MiB"] = static_cast<double>(fs::file_size(path)) / (1 << 20);
  fs::remove_all(folder);
}
BENCHMARK(OpenStoreWithQuickCheck)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
