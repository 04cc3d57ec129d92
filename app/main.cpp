// Entry point of the ptmcp binary: the MCP engine's command line, serving ptmcp's catalog.
#include "server/cli.h"
#include "tools/application.h"

int main(int argc, char** argv) {
  return ptmcp::server::run_cli(argc, argv, ptmcp::tools::application());
}
