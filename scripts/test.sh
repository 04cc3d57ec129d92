#!/usr/bin/env bash
# The test command. On a fresh Debian machine it installs what is needed, builds from
# nothing with warnings as errors, checks formatting and lint, runs every unit and
# integration test, then runs the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each libFuzzer target for a bounded time. Any failure
# stops it with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)

echo "== installing dependencies"
scripts/install-deps.sh
(cd tests/integration && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
(cd demo && npm ci --no-audit --no-fund --loglevel=error)

echo "== release build"
# Tests on, said explicitly: the demo configures the same folder without them.
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPTMCP_WERROR=ON -DPTMCP_REQUIRE_INTEGRATION=ON -DPTMCP_BUILD_TESTS=ON
cmake --build build/release -j "$jobs"

echo "== formatting and lint"
cmake --build build/release --target format-check
cmake --build build/release --target tidy

echo "== tests"
ctest --test-dir build/release --output-on-failure --no-tests=error -j "$jobs"

echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DPTMCP_WERROR=ON -DPTMCP_REQUIRE_INTEGRATION=ON -DPTMCP_BUILD_TESTS=ON \
  -DPTMCP_SANITIZE=address,undefined
cmake --build build/sanitize -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/sanitize --output-on-failure --no-tests=error -j "$jobs"

echo "== fuzzing (libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer)"
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPTMCP_FUZZ=ON -DPTMCP_SANITIZE=address,undefined -DPTMCP_BUILD_TESTS=OFF
cmake --build build/fuzz -j "$jobs"
tests/fuzz/run.sh build/fuzz "${PTMCP_FUZZ_SECONDS:-45}"
