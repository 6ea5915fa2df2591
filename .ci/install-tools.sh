#!/usr/bin/env bash
# Installs the machine tools that Granary's tests and benchmarks need, idempotently.
#
# Source it and call `granary_install_tools` (CI does), or run it:
#   bash .ci/install-tools.sh              # everything in GRANARY_TOOL_INSTALLERS
#   bash .ci/install-tools.sh nginx wrk    # just these Debian packages (benchmarks)
#
# To add a tool: append a Debian package to GRANARY_APT_PACKAGES, or, for a tool that is not a
# Debian package (e.g. a Go module built into ~/.cache/granary/tools), write an installer function that
# returns at once when the tool is already there and append its name to GRANARY_TOOL_INSTALLERS.
#
# Nothing touches the network while every tool is present: dpkg is asked first, and
# `apt-get update` runs at most once per process, only when a package is actually missing.

# Debian packages the test suite needs (curl and procps: e2e tests and scripts use curl, ps, pgrep).
GRANARY_APT_PACKAGES=(curl procps)
# OCI client tests: skopeo copies images between an oci: layout and the registry.
GRANARY_APT_PACKAGES+=(skopeo)
# Proxy repository tests: real upstreams on loopback (nginx for maven/pypi/helm/generic, the CNCF
# distribution registry for OCI).
GRANARY_APT_PACKAGES+=(nginx docker-registry)

# Installer functions, run in order by granary_install_tools.
GRANARY_TOOL_INSTALLERS=(granary_install_apt_packages granary_install_node_clients)

# kube-apiserver, etcd and kubectl for the operator tests (built from Go modules, cached by version).
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/kube-binaries.sh"
GRANARY_TOOL_INSTALLERS+=(granary_install_kube_binaries)

# crane, oras and the OCI conformance suite, built from Go modules and cached by version.
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/oci-tools.sh"
GRANARY_TOOL_INSTALLERS+=(granary_install_oci_tools)

# twine/uv/build (venv), helm (Go module) and yarn (npm) for the PyPI, Helm and npm client tests, cached in ~/.cache/granary/tools.
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/install-package-clients.sh"
GRANARY_TOOL_INSTALLERS+=(granary_install_python_clients granary_install_helm granary_install_yarn)

_granary_apt_updated=${_granary_apt_updated:-0}

granary_log() { printf '[install-tools] %s\n' "$*" >&2; }

# Prints, one per line, the given Debian packages that dpkg does not report as installed.
granary_apt_missing() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || printf '%s\n' "$p"
  done
}

# Runs a command as root: directly when we are root, else through sudo without a prompt.
_granary_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# Ensures the given Debian packages are installed. Returns non-zero only if one is missing and
# cannot be installed (no network, no such package); already-installed packages never need apt.
granary_ensure_apt() {
  local missing
  mapfile -t missing < <(granary_apt_missing "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    granary_log "present: $*"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    granary_log "missing ${missing[*]} and this machine has no apt-get"
    return 1
  fi
  local apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
  local env_vars=(DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a)
  if [ "$_granary_apt_updated" != 1 ]; then
    granary_log "apt-get update (missing: ${missing[*]})"
    if _granary_as_root env "${env_vars[@]}" timeout 600 apt-get "${apt_opts[@]}" -q update; then
      _granary_apt_updated=1
    else
      granary_log "apt-get update failed; trying the package lists already on this machine"
    fi
  fi
  granary_log "apt-get install ${missing[*]}"
  if ! _granary_as_root env "${env_vars[@]}" timeout 1200 apt-get "${apt_opts[@]}" -q -y \
        --no-install-recommends install "${missing[@]}"; then
    granary_log "could not install: ${missing[*]}"
    return 1
  fi
  # Packages such as nginx try to start their system service on install; nothing here wants it.
  local p
  for p in "${missing[@]}"; do
    case "$p" in nginx|nginx-*) _granary_as_root service nginx stop >/dev/null 2>&1 || true ;; esac
  done
  mapfile -t missing < <(granary_apt_missing "$@")
  if [ "${#missing[@]}" -ne 0 ]; then
    granary_log "still missing after install: ${missing[*]}"
    return 1
  fi
}

granary_install_apt_packages() { granary_ensure_apt "${GRANARY_APT_PACKAGES[@]}"; }

# The value of a <properties> entry of the parent pom.xml (tool versions live there too).
granary_pom_property() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | sed -n 1p
}

# npm (the npm client tests) and pnpm in $GRANARY_TOOLS_DIR/pnpm (the pnpm client test), from the npm
# registry into a cache: nothing is fetched while the pinned version is already there.
granary_install_node_clients() {
  command -v npm >/dev/null 2>&1 || granary_ensure_apt nodejs npm || return 1
  local root version dir
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  version=$(granary_pom_property granary.tool.pnpm.version)
  dir="${GRANARY_TOOLS_DIR:-$HOME/.cache/granary/tools}/pnpm"
  if [ "$("$dir/node_modules/.bin/pnpm" --version 2>/dev/null)" = "$version" ]; then
    granary_log "present: pnpm $version"
    return 0
  fi
  granary_log "npm install pnpm@$version into $dir"
  mkdir -p "$dir" && timeout 600 npm install --prefix "$dir" --no-audit --no-fund --save-exact \
    --cache "$HOME/.cache/granary/npm" "pnpm@$version" >&2 || return 1
}

# Verdaccio (pinned in the parent pom) into ~/.cache/granary/tools/verdaccio: the npm upstream of the
# proxy repository tests and the npm benchmark's reference. Its node-fetch is overridden to the
# version that installs here.
granary_install_verdaccio() {
  command -v npm >/dev/null 2>&1 || granary_ensure_apt nodejs npm || return 1
  local version node_fetch dir
  version=$(granary_pom_property granary.tool.verdaccio.version)
  node_fetch=$(granary_pom_property granary.tool.verdaccio.node-fetch.version)
  dir="${GRANARY_TOOLS_DIR:-$HOME/.cache/granary/tools}/verdaccio"
  if [ "$("$dir/node_modules/.bin/verdaccio" --version 2>/dev/null | tr -d 'v')" = "$version" ]; then
    granary_log "present: verdaccio $version"
    return 0
  fi
  granary_log "npm install verdaccio@$version into $dir"
  mkdir -p "$dir" || return 1
  printf '{"name":"granary-tools-verdaccio","private":true,"dependencies":{"verdaccio":"%s"},"overrides":{"node-fetch":"%s"}}\n' \
    "$version" "$node_fetch" >"$dir/package.json" || return 1
  (cd "$dir" && timeout 900 npm install --no-audit --no-fund --cache "$HOME/.cache/granary/npm" >&2) || return 1
}
GRANARY_TOOL_INSTALLERS+=(granary_install_verdaccio)

# Runs every installer in GRANARY_TOOL_INSTALLERS; stops at the first that fails.
granary_install_tools() {
  local f
  for f in "${GRANARY_TOOL_INSTALLERS[@]}"; do
    "$f" || { granary_log "installer $f failed"; return 1; }
  done
}

# Run as a script rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ "$#" -gt 0 ]; then granary_ensure_apt "$@"; else granary_install_tools; fi
fi
