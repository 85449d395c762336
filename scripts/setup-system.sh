#!/usr/bin/env bash
# System packages the tests and the demo need, from Debian: Chromium (driven by playwright-core) and libkrb5-dev
# (headers for code-server's native `kerberos` module). Idempotent: touches apt only when something is missing.
# Plus the build tools node-gyp needs for code-server's native modules.
set -euo pipefail
want=(chromium libkrb5-dev g++ make python3)
missing=()
for pkg in "${want[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages present: ${want[*]}"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup-system: run as root or install sudo; missing packages: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "Installing system packages with apt-get: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
