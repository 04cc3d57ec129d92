#include "tests/unit/tools/store/test_databases.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <stdexcept>

#if PTMCP_TEST_POSTGRES
#include <libpq-fe.h>
#endif

namespace ptmcp::tools::store::testing {
namespace {

std::string random_name(const std::string& stem) {
  return stem + std::to_string(std::random_device{}()) + std::to_string(::getpid());
}

#if PTMCP_TEST_POSTGRES
const std::string kScript = std::string(PTMCP_SOURCE_DIR) + "/tests/tools/throwaway_postgres.sh";

std::string g_cluster;  // the socket folder, once started

void stop_cluster() {
  if (!g_cluster.empty())
    std::system(("'" + kScript + "' stop '" + g_cluster + "' >/dev/null 2>&1").c_str());
}

// Starts the cluster once; empty when PostgreSQL is not installed (the script exits 69).
const std::string& cluster() {
  static std::once_flag once;
  std::call_once(once, [] {
    const std::string folder =
        (std::filesystem::temp_directory_path() / random_name("ptmcp-pg-")).string();
    const std::string command =
        "'" + kScript + "' start '" + folder + "' " + std::to_string(::getpid());
    FILE* out = ::popen(command.c_str(), "r");
    if (!out) throw std::runtime_error("cannot run " + kScript);
    std::string printed;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, out))
      printed += buffer;
    const int status = ::pclose(out);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 69) return;  // not installed
    if (status != 0) throw std::runtime_error("the throwaway PostgreSQL cluster did not start");
    while (!printed.empty() && printed.back() == '\n')
      printed.pop_back();
    g_cluster = printed;
    std::atexit(stop_cluster);
  });
  return g_cluster;
}

std::string address_of(const std::string& database) {
  return "postgresql:///" + database + "?host=" + cluster() + "&user=ptmcp";
}
#endif

}  // namespace

std::string fresh_database(const std::string& kind) {
  if (kind == "sqlite")
    return (std::filesystem::temp_directory_path() / random_name("ptmcp-store-") / "ptmcp.db")
        .string();
#if PTMCP_TEST_POSTGRES
  if (cluster().empty()) return "";
  static std::atomic<int> made{0};
  const std::string name = "t" + std::to_string(++made);
  run_sql(address_of("postgres"), "CREATE DATABASE " + name);
  return address_of(name);
#else
  return "";
#endif
}

void run_sql(const std::string& address, const std::string& sql) {
#if PTMCP_TEST_POSTGRES
  PGconn* conn = PQconnectdb(address.c_str());
  std::string problem;
  if (PQstatus(conn) != CONNECTION_OK) {
    problem = PQerrorMessage(conn);
  } else {
    PGresult* r = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) problem = PQerrorMessage(conn);
    PQclear(r);
  }
  PQfinish(conn);
  if (!problem.empty()) throw std::runtime_error(sql + ": " + problem);
#else
  (void)address;
  (void)sql;
  throw std::runtime_error("built without PostgreSQL");
#endif
}

}  // namespace ptmcp::tools::store::testing
