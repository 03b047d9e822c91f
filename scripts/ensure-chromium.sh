#!/usr/bin/env bash
# Makes sure the browser tests have a Chromium to drive: the one named by CHROMIUM_PATH, or
# Debian's package at /usr/bin/chromium, installed here with apt-get when it is missing.
# No test tool downloads a browser of its own.
set -euo pipefail

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No Chromium at /usr/bin/chromium and no apt-get to install one: install Chromium and set CHROMIUM_PATH to it." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "Chromium is missing and installing it needs root: run 'apt-get install -y chromium' as root." >&2
    exit 1
  fi
fi

echo "Installing Chromium for the browser tests (apt-get install chromium)..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$browser" --version >&2
