#!/usr/bin/env bash
# Times one per-realm plan job of the generated pipeline, offline, both ways:
#   before: the job checks out the code, runs `npm ci`, then `realmkit plan REALM` (synthesize
#           the realm, init, validate, plan, show);
#   after:  the job gets the stack folder the check job synthesized (an artifact) and plans it
#           with terraform alone (no Node, no npm).
# Usage: bash bench/per-realm-job.sh [STACK]   (default realm-us2; needs terraform and the
# provider mirror REALMKIT_PROVIDER_MIRROR, default /opt/tf-plugins; npm reaches its registry
# or its cache). Prints seconds per phase and the ratio. Not a test: timings stay out of tests.
set -euo pipefail
STACK="${1:-realm-us2}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
MIRROR="${REALMKIT_PROVIDER_MIRROR:-/opt/tf-plugins}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/realmkit-job-bench-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Both jobs share one terraform setup: the mirror for providers, a plugin cache (as a runner's
# tool cache would), the AWS documentation's dummy keys (nothing reaches AWS offline).
cat > "$WORK/tf.rc" <<RC
provider_installation {
  filesystem_mirror { path = "$MIRROR" }
}
plugin_cache_dir = "$REPO/node_modules/.cache/realmkit-test-plugin-cache"
disable_checkpoint = true
RC
mkdir -p "$REPO/node_modules/.cache/realmkit-test-plugin-cache"
export TF_CLI_CONFIG_FILE="$WORK/tf.rc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY AWS_EC2_METADATA_DISABLED=true

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
plan_stack() { # the job's Plan step, as generated
  (cd "$1" && terraform init -input=false -no-color >/dev/null && terraform plan -input=false -no-color -lock-timeout=10m -out=plan.tfplan >/dev/null && terraform show -json plan.tfplan >plan.json)
}

# --- before: checkout + npm ci + realmkit plan ------------------------------------------
mkdir -p "$WORK/before"
git -C "$REPO" archive HEAD | tar -x -C "$WORK/before"
t0=$(now)
(cd "$WORK/before" && npm ci --no-audit --no-fund --prefer-offline >"$WORK/npm.log" 2>&1) || { tail -20 "$WORK/npm.log"; exit 1; }
t1=$(now)
(cd "$WORK/before" && REALMKIT_SYNTH_CACHE=off REALMKIT_PROVIDER_MIRROR="$MIRROR" node -r @swc-node/register bin/realmkit.ts plan "$STACK" --offline --concurrency 1 --out plans >"$WORK/plan.log" 2>&1) || { tail -20 "$WORK/plan.log"; exit 1; }
t2=$(now)

# --- after: the check job's artifact (the same synthesized stack) + terraform alone -------
mkdir -p "$WORK/after/stacks"
cp -r "$WORK/before/plans/synth/stacks/$STACK" "$WORK/after/stacks/$STACK"
rm -rf "$WORK/after/stacks/$STACK/.terraform" "$WORK/after/stacks/$STACK/.terraform.lock.hcl" "$WORK/after/stacks/$STACK"/*.tfstate*
t3=$(now)
plan_stack "$WORK/after/stacks/$STACK"
t4=$(now)

before=$(elapsed "$t0" "$t2"); after=$(elapsed "$t3" "$t4")
echo "stack $STACK"
echo "before: npm ci $(elapsed "$t0" "$t1") s + realmkit plan (synth, init, validate, plan, show) $(elapsed "$t1" "$t2") s = $before s"
echo "after:  terraform $after s (stack folder from the check job's artifact)"
awk -v a="$before" -v b="$after" 'BEGIN { printf "ratio before/after: %.1fx\n", a / b }'
