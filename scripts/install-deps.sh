#!/usr/bin/env bash
# Installs what ptmcp needs to build and test, from Debian's packages only.
# Idempotent: when every package is present it checks and returns in well under a second.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build git
  nlohmann-json3-dev libvalijson-dev libcpp-httplib-dev libspdlog-dev libfmt-dev
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libkainjow-mustache-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpq-dev postgresql nginx
  clang-format clang-tidy clang libclang-rt-14-dev
  chromium poppler-utils fonts-dejavu-core python3 python3-icalendar openssl
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# nodejs/npm may come from outside Debian on a developer's machine; accept any working node >= 20.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
