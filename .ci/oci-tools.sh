#!/usr/bin/env bash
# Builds the OCI client tools the tests use from Go modules, cached by version:
#   crane (go-containerregistry), oras, and the OCI distribution-spec conformance suite
#   (`go test -c` of its conformance package).
# Results land in ${GRANARY_TOOLS_DIR:-$HOME/.cache/granary/tools}/<tool>-<version>/<tool>;
# a tool already built for its version is never rebuilt and nothing touches the network.
#
# Source it and call `granary_install_oci_tools`, or run it: `bash .ci/oci-tools.sh`.
# `bash .ci/oci-tools.sh --print-dir` prints the bin directory the tests look in.

GRANARY_CRANE_VERSION=${GRANARY_CRANE_VERSION:-v0.22.1}
GRANARY_ORAS_VERSION=${GRANARY_ORAS_VERSION:-v1.3.6}
# The conformance module has no tags of its own; this pseudo-version is the suite for spec v1.1.
GRANARY_CONFORMANCE_VERSION=${GRANARY_CONFORMANCE_VERSION:-v0.0.0-20260831232431-97274622c111}

granary_tools_dir() { printf '%s\n' "${GRANARY_TOOLS_DIR:-$HOME/.cache/granary/tools}"; }

_granary_oci_log() { printf '[oci-tools] %s\n' "$*" >&2; }

# Links the versioned build into <tools>/bin/<name> so tests find one stable path.
_granary_link_tool() {
  local name=$1 target=$2 bin
  bin="$(granary_tools_dir)/bin"
  mkdir -p "$bin"
  ln -sfn "$target" "$bin/$name"
}

# go install of a main package at a version into its own cache directory.
_granary_go_install() {
  local name=$1 pkg=$2 version=$3 dir
  dir="$(granary_tools_dir)/$name-$version"
  if [ -x "$dir/$name" ]; then
    _granary_link_tool "$name" "$dir/$name"
    _granary_oci_log "present: $name $version"
    return 0
  fi
  _granary_oci_log "building $name $version from Go modules"
  mkdir -p "$dir.tmp"
  if ! GOBIN="$dir.tmp" GOFLAGS=-buildvcs=false CGO_ENABLED=0 timeout 1200 go install "$pkg@$version"; then
    rm -rf "$dir.tmp"
    _granary_oci_log "could not build $name $version"
    return 1
  fi
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  _granary_link_tool "$name" "$dir/$name"
}

# The conformance suite is a test binary: build it in a throwaway module that requires it.
_granary_build_conformance() {
  local version=$GRANARY_CONFORMANCE_VERSION dir work
  dir="$(granary_tools_dir)/oci-conformance-$version"
  if [ -x "$dir/oci-conformance" ]; then
    _granary_link_tool oci-conformance "$dir/oci-conformance"
    _granary_oci_log "present: oci-conformance $version"
    return 0
  fi
  _granary_oci_log "building oci-conformance $version from Go modules"
  work=$(mktemp -d)
  (
    set -e
    cd "$work"
    go mod init granary.local/conformance >/dev/null 2>&1
    timeout 900 go get -t "github.com/opencontainers/distribution-spec/conformance@$version" >/dev/null
    mkdir -p "$dir.tmp"
    GOFLAGS=-buildvcs=false CGO_ENABLED=0 timeout 900 go test -c \
      -o "$dir.tmp/oci-conformance" github.com/opencontainers/distribution-spec/conformance
  )
  local rc=$?
  rm -rf "$work"
  if [ "$rc" -ne 0 ] || [ ! -x "$dir.tmp/oci-conformance" ]; then
    rm -rf "$dir.tmp"
    _granary_oci_log "could not build oci-conformance $version"
    return 1
  fi
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  _granary_link_tool oci-conformance "$dir/oci-conformance"
}

granary_install_oci_tools() {
  if ! command -v go >/dev/null 2>&1; then
    _granary_oci_log "go is not on PATH; cannot build crane, oras, oci-conformance"
    return 1
  fi
  _granary_go_install crane github.com/google/go-containerregistry/cmd/crane "$GRANARY_CRANE_VERSION" &&
    _granary_go_install oras oras.land/oras/cmd/oras "$GRANARY_ORAS_VERSION" &&
    _granary_build_conformance
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  if [ "${1:-}" = --print-dir ]; then echo "$(granary_tools_dir)/bin"; exit 0; fi
  granary_install_oci_tools
fi
