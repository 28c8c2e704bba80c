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

# Debian's Chromium (never a downloaded browser), driven by playwright-core: screenshots, the UI and
# the SDK's sign-up flow tests. Engine-backed checks: spamd and Rspamd as real servers on loopback.
need_tool chromium chromium chromium

# SpamAssassin's spamd on 127.0.0.1:783. Debian ships the rules in /usr/share/spamassassin, so
# GTUBE and the header rules work offline (no sa-update needed).
if ! (exec 3<>/dev/tcp/127.0.0.1/783) 2>/dev/null; then
  [ -x /usr/sbin/spamd ] || apt_install spamassassin spamc spamd || true
  if [ -x /usr/sbin/spamd ] && [ "$(id -u)" = 0 ]; then
    /usr/sbin/spamd --listen=127.0.0.1:783 --allowed-ips=127.0.0.1 --syslog=stderr \
      --pidfile=/run/devmail-test-spamd.pid -d >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/783) 2>/dev/null && break; sleep 0.5; done
  fi
fi
if (exec 3<>/dev/tcp/127.0.0.1/783) 2>/dev/null; then
  echo "spamassassin ok"
elif [ ! -x /usr/sbin/spamd ]; then
  echo "spamassassin missing: install spamassassin spamc spamd (as root) to run these tests"
else
  echo "spamassassin missing: spamd did not start on 127.0.0.1:783 (needs root)"
fi

# Rspamd's normal worker on 127.0.0.1:11333 (its default). It needs /run/rspamd for its pid file.
if ! curl -fsS -m 2 http://127.0.0.1:11333/ping >/dev/null 2>&1; then
  command -v rspamd >/dev/null 2>&1 || apt_install rspamd || true
  if command -v rspamd >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    mkdir -p /run/rspamd && chown _rspamd:_rspamd /run/rspamd
    rspamd -u _rspamd -g _rspamd >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do curl -fsS -m 2 http://127.0.0.1:11333/ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
fi
if curl -fsS -m 2 http://127.0.0.1:11333/ping >/dev/null 2>&1; then
  echo "rspamd ok"
elif ! command -v rspamd >/dev/null 2>&1; then
  echo "rspamd missing: install rspamd (as root) to run these tests"
else
  echo "rspamd missing: rspamd did not answer on 127.0.0.1:11333 (needs root)"
fi
