#!/usr/bin/env bash
# Builds the container images the manifests reference -- granary/operator and granary/registry-runtime -- without a
# container engine: a jlink'd JRE and the shared libraries it needs (ldd closure of this machine's glibc build) on a
# scratch base, plus the Quarkus app, written as OCI image layouts by .ci/oci_image.py.
#
#   .ci/build-images.sh [--skip-build] [--tag TAG] [--push REGISTRY/PREFIX] [--verify]
#
# Output: target/images/<name>/ (OCI layout) and target/images/<name>.oci.tar (OCI archive, what `ctr images import`
# and `skopeo copy oci-archive:` read). --push copies both images with crane to REGISTRY/PREFIX/<name>:TAG -- any
# OCI registry, Granary's own included (`--push 127.0.0.1:8080/oci-local`; crane reads credentials from
# ~/.docker/config.json, `crane auth login`) -- then pulls each back by the pushed digest and compares it.
# --verify runs `java -version` in the assembled root file system (needs root for chroot and a /proc bind mount).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/images"
# The project version, which is the tag config/operator and the operator's default runtime image name.
TAG=$(python3 -c 'import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().find("{http://maven.apache.org/POM/4.0.0}version").text)' "$ROOT/pom.xml")

BUILD=1 PUSH="" VERIFY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) BUILD=0 ;;
    --tag) TAG=$2; shift ;;
    --push) PUSH=$2; shift ;;
    --verify) VERIFY=1 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
CRANE=${CRANE:-$(bash "$ROOT/.ci/oci-tools.sh" --print-dir 2>/dev/null)/crane}
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
log() { printf '[build-images] %s\n' "$*" >&2; }

if [ "$BUILD" = 1 ]; then
  log "packaging registry-runtime and operator (tests skipped)"
  (cd "$ROOT" && mvn -B -q -o -pl registry-runtime,operator -am package -DskipTests)
fi
for app in registry-runtime operator; do
  [ -f "$ROOT/$app/target/quarkus-app/quarkus-run.jar" ] || { log "missing $app/target/quarkus-app: build first"; exit 1; }
done

mkdir -p "$OUT"
# One JRE for both images (so the layer is shared and pushed once): the modules Quarkus, Vert.x, Netty, the
# Kubernetes client, Hibernate Reactive and the AWS SDK use, plus DNS/TLS providers.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
JRE="$OUT/jre"
if [ ! -x "$JRE/bin/java" ] || [ "$(cat "$JRE/.modules" 2>/dev/null)" != "$MODULES" ]; then
  log "jlink: $MODULES"
  rm -rf "$JRE"
  "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$JRE"
  echo "$MODULES" > "$JRE/.modules"
fi
# The shared libraries the JRE loads, with the dynamic loader: the ldd closure of its binaries and libraries, leaving
# out the desktop (AWT, sound, fonts) ones a headless server never loads, which would drag in X11.
LIBS="$OUT/os-files.txt"
find "$JRE" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -name 'libawt*' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' \
    ! -name 'libfontmanager.so' ! -name 'libjsound.so' ! -name 'liblcms.so' ! -name 'libjavajpeg.so' \
    ! -name 'libmlib_image.so' -print0 \
  | xargs -0 ldd 2>/dev/null | awk '/=> \//{print $3} /^[ \t]*\/lib/{print $1}' | grep -v "^$JRE" | sort -u > "$LIBS"

build() {
  local name=$1 app=$2; shift 2
  local layout="$OUT/$name"
  rm -rf "$layout" "$layout.oci.tar"
  local digest
  digest=$(python3 "$ROOT/.ci/oci_image.py" --out "$layout" --ref "granary/$name:$TAG" \
    --layer "files:$LIBS" --layer "/opt/java=$JRE" --layer "/deployments=$ROOT/$app/target/quarkus-app" \
    --entrypoint '["/opt/java/bin/java","-XX:MaxRAMPercentage=75","-Djava.awt.headless=true","-Djava.io.tmpdir=/tmp","-jar","/deployments/quarkus-run.jar"]' \
    --env JAVA_HOME=/opt/java --env LANG=C.UTF-8 --workdir /deployments --user 185 \
    --label org.opencontainers.image.title="granary-$name" --label org.opencontainers.image.version="$TAG" "$@")
  tar -C "$layout" -cf "$layout.oci.tar" .
  log "granary/$name:$TAG $digest -> $layout (+ .oci.tar)"
  echo "$name $digest" >> "$OUT/digests.txt"
}
: > "$OUT/digests.txt"
build registry-runtime registry-runtime --port 8080
build operator operator

if [ "$VERIFY" = 1 ]; then
  root=$(mktemp -d)
  chmod 755 "$root"  # mktemp makes it 0700; an image root is world-traversable
  trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
  for blob in $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(" ".join(l["digest"][7:] for l in m["layers"]))' \
      "$OUT/registry-runtime/blobs/sha256/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"][7:])' "$OUT/registry-runtime/index.json")"); do
    tar -xzf "$OUT/registry-runtime/blobs/sha256/$blob" -C "$root"
  done
  # A container runtime mounts /proc; the loader needs it to resolve the JRE's $ORIGIN library path.
  mkdir -p "$root/proc" && mount --bind /proc "$root/proc"
  log "verify: java -version inside the image's root file system, as user 185"
  chroot --userspec=185:185 "$root" /opt/java/bin/java -Djava.awt.headless=true -version
  umount "$root/proc"
fi

if [ -n "$PUSH" ]; then
  while read -r name digest; do
    ref="$PUSH/$name:$TAG"
    log "push $OUT/$name -> $ref"
    pushed=$("$CRANE" push "$OUT/$name" "$ref")
    log "pushed $pushed"
    [ "${pushed##*@}" = "$digest" ] || { log "registry answered digest ${pushed##*@}, built $digest"; exit 1; }
    # Pull back by digest: the manifest must be byte-identical and every layer must come back.
    "$CRANE" manifest "$PUSH/$name@$digest" | sha256sum | grep -q "${digest#sha256:}" \
      || { log "manifest pulled by digest differs"; exit 1; }
    "$CRANE" pull --format oci "$PUSH/$name@$digest" "$OUT/pulled-$name" >/dev/null
    log "pulled $PUSH/$name@$digest back intact"
  done < "$OUT/digests.txt"
fi
