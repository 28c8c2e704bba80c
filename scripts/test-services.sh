#!/usr/bin/env bash
# Installs (when root and apt-get is there) and starts what the tests need, then prints one
# line per service: "name ok" or "name missing: reason". Safe to run again: it only acts on
# what is missing. Called by the test run's global set-up and by .ci/run.
set -u
export DEBIAN_FRONTEND=noninteractive

can_install=false
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then can_install=true; fi
apt_updated=false

apt_install() {
  $can_install || return 1
  if ! $apt_updated; then
    apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null 2>&1 || return 1
    apt_updated=true
  fi
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" >/dev/null 2>&1
}

# name, command that proves it is there, packages to install
need_tool() {
  local name=$1 probe=$2; shift 2
  if ! command -v "$probe" >/dev/null 2>&1; then
    apt_install "$@" || true
  fi
  if command -v "$probe" >/dev/null 2>&1; then
    echo "$name ok"
  elif $can_install; then
    echo "$name missing: apt-get install $* failed"
  else
    echo "$name missing: not root, install $* to run these tests"
  fi
}

# Postfix's tools without a mail system set up: preseed "No configuration" so no daemon starts.
if ! command -v smtp-source >/dev/null 2>&1 && $can_install; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
fi
PATH="$PATH:/usr/sbin"

need_tool swaks swaks swaks
need_tool curl curl curl
need_tool python3 python3 python3
need_tool smtp-source smtp-source postfix
need_tool openssl openssl openssl

# The browser the UI tests drive (playwright-core with Debian's chromium; never a downloaded one).
need_tool chromium chromium chromium
