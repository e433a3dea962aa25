#!/usr/bin/env bash
# Renders every overlay with Kustomize and checks the result without a cluster: Kubernetes/KEDA/Prometheus Operator
# schemas, Strimzi and CloudNativePG resources, and Earshot's rules (validate/check.mjs); then proves the checks work
# by breaking the dev render in two dozen ways, one at a time (validate/selftest.mjs). Exit 0 only if all is well.
# Needs: kubectl with its built-in kustomize (Debian package "kubectl", installed here when missing and running as
# root), or a standalone kustomize; Node >= 18 and npm (validate/package-lock.json pins the packages, installed into
# validate/node_modules on first run).
set -euo pipefail
K8S="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$K8S"

# Secrets the prod overlay expects to exist already (created from a secret manager; docs/kubernetes.md).
PROD_EXTERNAL_SECRETS=earshot-pg-listener,earshot-pg-sentiment,earshot-pg-escalation,earshot-pg-map,earshot-pg-keys,earshot-jwt,earshot-webhook,earshot-secrets-key,earshot-backup-s3,earshot-tls,earshot-kafka-keda,earshot-redis-acl,earshot-redis-listener,earshot-redis-sentiment,earshot-redis-escalation,earshot-redis-map

render() {
  if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize "$1"
  elif command -v kustomize >/dev/null 2>&1; then
    kustomize build "$1"
  else
    echo "validate.sh: neither kubectl nor kustomize found" >&2
    return 1
  fi
}

if ! command -v kubectl >/dev/null 2>&1 && ! command -v kustomize >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "validate.sh: installing Debian's kubectl (for its built-in kustomize)"
    apt-get install -y -q kubectl >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q kubectl >/dev/null; }
  fi
fi
command -v node >/dev/null 2>&1 || { echo "validate.sh: node (>= 18) is needed" >&2; exit 1; }
if [ ! -d validate/node_modules ] || [ validate/package-lock.json -nt validate/node_modules ]; then
  (cd validate && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
rc=0
for overlay in dev prod; do
  render "overlays/$overlay" >"$out/$overlay.yaml"
  if [ "$overlay" = prod ]; then
    node validate/check.mjs "$out/$overlay.yaml" --external-secrets "$PROD_EXTERNAL_SECRETS" --production || rc=1
  else
    node validate/check.mjs "$out/$overlay.yaml" --external-secrets "" || rc=1
  fi
done
node validate/selftest.mjs "$out/dev.yaml" "$out/prod.yaml" "$PROD_EXTERNAL_SECRETS" || rc=1
exit "$rc"
