#!/usr/bin/env bash
# Installs every Debian 12 package newsocr needs to build, run, test and benchmark. Idempotent:
# packages already present are left alone, and apt-get runs only when one is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libtesseract-dev libleptonica-dev libtiff-dev libopencv-dev libpoppler-cpp-dev
  libcli11-dev nlohmann-json3-dev libpugixml-dev libspdlog-dev libfmt-dev libtbb-dev libssl-dev libgtest-dev
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-sim-vert
  tesseract-ocr-chi-tra tesseract-ocr-chi-tra-vert
  poppler-utils libxml2-utils python3 time
)
# Test-only: the quality report is checked in headless Chromium.
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
