#!/usr/bin/env bash
# Operator benchmark: 100 Repositories applied at once to one Registry, on a real kube-apiserver + etcd (built by
# .ci/kube-binaries.sh), a real registry-runtime process and PostgreSQL; the operator runs as its own packaged process.
# Reports: time until all Ready, per-repository median, operator peak RSS and CPU seconds, API requests per repository.
#   bash e2e/bench/operator-bench.sh            # 100 repositories
#   REPOSITORIES=20 bash e2e/bench/operator-bench.sh
# Everything listens on 127.0.0.1 only; every wait is bounded (the whole run stops within about 15 minutes).
set -euo pipefail
bench_name=operator-bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"
# shellcheck source=/dev/null
source .ci/kube-binaries.sh
granary_install_kube_binaries
timeout 1800 mvn -B -q -pl crds,registry-runtime,operator,e2e verify -DskipTests=false \
  -Dtest=OperatorBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgranary.bench=true -Dgranary.bench.repositories="${REPOSITORIES:-100}"
cat e2e/target/bench/operator-bench.txt
