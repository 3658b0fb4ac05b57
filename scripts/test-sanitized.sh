#!/usr/bin/env bash
# Builds newsocr with AddressSanitizer and UndefinedBehaviorSanitizer (CMake option
# NEWSOCR_SANITIZE) in build-sanitize/ and runs the test suite under them. Any memory error,
# undefined behaviour or leak in newsocr's own code fails; leaks inside third-party libraries
# are suppressed by tests/sanitizers/lsan.supp. The Slurm cluster test stays on the release
# build (scripts/test.sh): it starts a cluster of its own around the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSOCR_SANITIZE=ON -DNEWSOCR_BUILD_TESTS=ON
cmake --build build-sanitize -j"$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-sanitize
ctest --output-on-failure -j"$(nproc)" -E '^SlurmCluster$'
