#!/usr/bin/env bash
# install-deps.sh - installs the Debian 12 packages qorm needs to build, test and run its demo,
# only those that are missing. Run as root (or with sudo available).
#   scripts/install-deps.sh            build + demo + tests (SQLite)
# The database servers (postgresql, mariadb-server) are installed by scripts/db-servers.sh.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql
    libsqlite3-dev sqlite3 libbenchmark-dev fonts-dejavu-core tzdata
    clang libclang-rt-14-dev doxygen qt6-charts-dev libqt6opengl6-dev
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "[install-deps] all packages present"
    exit 0
fi
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "[install-deps] installing: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
