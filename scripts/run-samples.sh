#!/usr/bin/env bash
# Installs what is missing, builds newsocr (Release) and runs it on the pages in samples/.
# Articles land in out/samples/ (<page>.md to read, <page>.json for tools, ALTO, PAGE, hOCR,
# searchable PDF), with the quality report and the scores against samples/expected/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target newsocr
status=0
./build/cli/newsocr samples -o out/samples --formats json,md,txt,alto,page,hocr,pdf --gt samples/expected || status=$?
./build/cli/newsocr eval --gt samples/expected --pred out/samples || status=$?
echo "Articles written to out/samples/; quality report: out/samples/report.html."
exit "$status"
