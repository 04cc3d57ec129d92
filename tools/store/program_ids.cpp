#include <random>
#include <string>

#include "tools/store/program_store.h"

namespace ptmcp::tools::store {

std::string new_program_id() {
  // No 0, 1, l or o: an id read aloud or copied by hand is not mistaken for another.
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlphabet) - 2);
  std::string id = "p-";
  for (int i = 0; i < 10; ++i)
    id += kAlphabet[pick(rng)];
  return id;
}

}  // namespace ptmcp::tools::store
