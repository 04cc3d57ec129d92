// The floor for the wire benchmark: reads JSON-RPC lines on stdin and answers each request
// with an empty result, doing nothing else. What ptmcp adds on top of this is its overhead.
#include <iostream>
#include <string>

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    const auto at = line.find("\"id\":");
    if (at == std::string::npos) continue;  // a notification
    const auto end = line.find_first_of(",}", at);
    std::cout << R"({"jsonrpc":"2.0","id":)" << line.substr(at + 5, end - at - 5)
              << R"(,"result":{}})" << '\n'
              << std::flush;
  }
  return 0;
}
