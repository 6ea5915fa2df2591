#!/usr/bin/env bash
# Real package clients for the PyPI and Helm tests, cached under $GRANARY_TOOLS_DIR (default
# ~/.cache/granary/tools, outside the checkout so clean clones reuse it; idempotent: each
# installer returns at once when its tool is already there). Sourced by .ci/install-tools.sh.
#
#   $GRANARY_TOOLS_DIR/python-clients/bin/{twine,pip,uv,python}   a venv with twine, uv, build, setuptools (from PyPI)
#   $GRANARY_TOOLS_DIR/helm-<version>/helm                     helm built from its Go module
#   $GRANARY_TOOLS_DIR/yarn-<version>/node_modules/.bin/yarn   yarn classic (from the npm registry)

GRANARY_TOOLS_DIR=${GRANARY_TOOLS_DIR:-$HOME/.cache/granary/tools}
GRANARY_TWINE_VERSION=${GRANARY_TWINE_VERSION:-7.0.0}
GRANARY_UV_VERSION=${GRANARY_UV_VERSION:-0.13.8}
GRANARY_BUILD_VERSION=${GRANARY_BUILD_VERSION:-1.6.1}
# The tests build packages with `python -m build --no-isolation`, so the backend must be in the venv.
GRANARY_SETUPTOOLS_VERSION=${GRANARY_SETUPTOOLS_VERSION:-84.2.1}
GRANARY_HELM_VERSION=${GRANARY_HELM_VERSION:-v3.22.0}
# Yarn classic: the yarn most CI images still carry (Berry is normally run through corepack per project).
GRANARY_YARN_VERSION=${GRANARY_YARN_VERSION:-1.22.22}

# twine, uv and build in one venv; the marker file names the versions, so a version change reinstalls.
granary_install_python_clients() {
  local venv="$GRANARY_TOOLS_DIR/python-clients"
  local want="twine==$GRANARY_TWINE_VERSION uv==$GRANARY_UV_VERSION build==$GRANARY_BUILD_VERSION setuptools==$GRANARY_SETUPTOOLS_VERSION"
  if [ -f "$venv/.installed" ] && [ "$(cat "$venv/.installed")" = "$want" ]; then
    granary_log "present: $want"
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || granary_ensure_apt python3 python3-venv || return 1
  granary_log "installing $want into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || { granary_ensure_apt python3-venv && python3 -m venv "$venv"; } || return 1
  # shellcheck disable=SC2086
  timeout 900 "$venv/bin/pip" install -q --disable-pip-version-check $want || return 1
  printf '%s' "$want" > "$venv/.installed"
}

# helm from its Go module, built once per version.
granary_install_helm() {
  local dir="$GRANARY_TOOLS_DIR/helm-$GRANARY_HELM_VERSION"
  if [ -x "$dir/helm" ]; then
    granary_log "present: helm $GRANARY_HELM_VERSION"
    return 0
  fi
  command -v go >/dev/null 2>&1 || granary_ensure_apt golang-go || return 1
  granary_log "building helm $GRANARY_HELM_VERSION from its Go module (a few minutes)"
  mkdir -p "$dir"
  GOBIN="$dir/bin" GOFLAGS=-mod=mod CGO_ENABLED=0 timeout 1800 go install -ldflags "-s -w" \
      "helm.sh/helm/v3/cmd/helm@$GRANARY_HELM_VERSION" || return 1
  local built
  built="$dir/bin/helm"
  mv "$built" "$dir/helm.tmp" && mv "$dir/helm.tmp" "$dir/helm"
}

# yarn from the npm registry, once per version, with npm's own cache kept beside the other tools' downloads.
granary_install_yarn() {
  local dir="$GRANARY_TOOLS_DIR/yarn-$GRANARY_YARN_VERSION"
  if [ "$("$dir/node_modules/.bin/yarn" --version 2>/dev/null)" = "$GRANARY_YARN_VERSION" ]; then
    granary_log "present: yarn $GRANARY_YARN_VERSION"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || granary_ensure_apt nodejs npm || return 1
  granary_log "npm install yarn@$GRANARY_YARN_VERSION into $dir"
  rm -rf "$dir"
  mkdir -p "$dir" && timeout 600 npm install --prefix "$dir" --no-audit --no-fund --save-exact \
    --cache "$HOME/.cache/granary/npm" "yarn@$GRANARY_YARN_VERSION" >&2 || return 1
}
