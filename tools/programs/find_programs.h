// find_programs: finds stored programs by first name, condition, visit dates and status
// (next visit overdue, no check-in for some days, a red flag open), returning only the
// minimum necessary fields, a page at a time. Read-only.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/tool_registry.h"
#include "tools/findings.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::programs {

struct ProgramQuery {
  std::string first_name;  // a prefix, compared after case and accent folding
  std::string condition;   // a library condition, or words of the program's condition
  std::optional<std::chrono::sys_days> visit_from;
  std::optional<std::chrono::sys_days> visit_to;
  bool next_visit_overdue = false;
  std::optional<int> no_checkin_days;
  bool red_flag_open = false;
  std::chrono::sys_days today{};
};

// The summaries that match, in the store's order (most recently active first).
std::vector<store::ProgramSummary> matching(const std::vector<store::ProgramSummary>& all,
                                            const ProgramQuery& query);

server::ToolDefinition find_programs_tool(std::shared_ptr<store::ProgramStore> store);

}  // namespace ptmcp::tools::programs
