#!/usr/bin/env bash
# Builds kube-apiserver, etcd and kubectl from Go modules, once per version, into the directory where
# io.fabric8:kube-api-test looks for them in offline mode:
#   ~/.kubeapitest/k8s/<KUBE_VERSION>-linux-amd64/{kube-apiserver,etcd,kubectl}
# (kube-api-test 7.5.2 names the directory <version>-<os>-<arch>; it picks the newest one offline)
#
# Source it and call `granary_install_kube_binaries` (.ci/install-tools.sh does), or run it:
#   bash .ci/kube-binaries.sh
#
# Idempotent: returns at once when all three binaries of the version exist. Nothing here downloads a
# prebuilt binary: the Go module proxy serves the sources, the machine's Go toolchain builds them.
# A throwaway module requires k8s.io/kubernetes and replaces each of its staging modules
# (./staging/src/k8s.io/<name> in its own go.mod) by the published k8s.io/<name> v0.<minor>.<patch>;
# `go install pkg@version` refuses modules with replace directives, hence the module.
# Expect several minutes and a few GiB of memory on 2 cores for the first build.

GRANARY_KUBE_VERSION=${GRANARY_KUBE_VERSION:-1.34.2}
GRANARY_ETCD_VERSION=${GRANARY_ETCD_VERSION:-3.6.5}

_kube_log() { printf '[kube-binaries] %s\n' "$*" >&2; }

granary_kube_binaries_dir() {
  printf '%s/.kubeapitest/k8s/%s-linux-amd64\n' "$HOME" "$GRANARY_KUBE_VERSION"
}

granary_install_kube_binaries() {
  local dir; dir=$(granary_kube_binaries_dir)
  if [ -x "$dir/kube-apiserver" ] && [ -x "$dir/etcd" ] && [ -x "$dir/kubectl" ]; then
    _kube_log "present: $dir"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    if [ -x /usr/local/go/bin/go ]; then PATH="/usr/local/go/bin:$PATH"; else
      _kube_log "no Go toolchain on this machine"; return 1; fi
  fi
  local start; start=$(date +%s)
  local work; work=$(mktemp -d "${TMPDIR:-/tmp}/granary-kube-build.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  local staging="v0.${GRANARY_KUBE_VERSION#1.}"
  (
    set -euo pipefail
    export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
    mkdir -p "$work/k8s" "$work/etcd" "$work/out"

    # kube-apiserver and kubectl
    cd "$work/k8s"
    go mod init granary.local/kube-build >/dev/null 2>&1
    local gomod
    gomod=$(timeout 900 go mod download -json "k8s.io/kubernetes@v$GRANARY_KUBE_VERSION" \
      | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
    [ -f "$gomod" ] || { _kube_log "no go.mod for k8s.io/kubernetes v$GRANARY_KUBE_VERSION"; exit 1; }
    {
      printf 'require k8s.io/kubernetes v%s\n' "$GRANARY_KUBE_VERSION"
      sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\)[[:space:]]*=>[[:space:]]*\./staging/src/.*$#replace \1 => \1 '"$staging"'#p' "$gomod"
    } >> go.mod
    _kube_log "building kube-apiserver and kubectl v$GRANARY_KUBE_VERSION"
    timeout 3000 go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$GRANARY_KUBE_VERSION -X k8s.io/client-go/pkg/version.gitVersion=v$GRANARY_KUBE_VERSION" \
      -o "$work/out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
    timeout 3000 go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$GRANARY_KUBE_VERSION -X k8s.io/client-go/pkg/version.gitVersion=v$GRANARY_KUBE_VERSION" \
      -o "$work/out/kubectl" k8s.io/kubernetes/cmd/kubectl

    # etcd: the server module's root is its main package
    cd "$work/etcd"
    go mod init granary.local/etcd-build >/dev/null 2>&1
    printf 'require go.etcd.io/etcd/server/v3 v%s\n' "$GRANARY_ETCD_VERSION" >> go.mod
    _kube_log "building etcd v$GRANARY_ETCD_VERSION"
    timeout 1800 go build -trimpath -ldflags "-s -w" -o "$work/out/etcd" go.etcd.io/etcd/server/v3

    mkdir -p "$dir"
    for b in kube-apiserver kubectl etcd; do
      install -m 0755 "$work/out/$b" "$dir/$b.tmp" && mv -f "$dir/$b.tmp" "$dir/$b"
    done
  ) || { _kube_log "build failed"; return 1; }
  _kube_log "built into $dir in $(( $(date +%s) - start ))s"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  granary_install_kube_binaries
fi
