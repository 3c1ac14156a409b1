#!/usr/bin/env bash
# Times one per-realm plan job of the generated pipeline, offline, both ways:
#   before: the job checks out the code, runs `npm ci`, synthesizes, then plans its stack;
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

# --- before: checkout + npm ci + synth + plan -------------------------------------------
mkdir -p "$WORK/before"
git -C "$REPO" archive HEAD | tar -x -C "$WORK/before"
t0=$(now)
(cd "$WORK/before" && npm ci --no-audit --no-fund --prefer-offline --ignore-scripts >/dev/null 2>&1)
t1=$(now)
(cd "$WORK/before" && REALMKIT_SYNTH_CACHE=off node -r @swc-node/register bin/realmkit.ts synth --backend local --out cdktf.out >/dev/null 2>&1)
t2=$(now)
plan_stack "$WORK/before/cdktf.out/stacks/$STACK"
t3=$(now)

# --- after: the check job's artifact + plan --------------------------------------------
mkdir -p "$WORK/after/stacks"
t4=$(now)
cp -r "$WORK/before/cdktf.out/stacks/$STACK" "$WORK/after/stacks/$STACK"
rm -rf "$WORK/after/stacks/$STACK/.terraform" "$WORK/after/stacks/$STACK"/plan.* "$WORK/after/stacks/$STACK/.terraform.lock.hcl"
plan_stack "$WORK/after/stacks/$STACK"
t5=$(now)

before=$(elapsed "$t0" "$t3"); after=$(elapsed "$t4" "$t5")
echo "stack $STACK"
echo "before: npm ci $(elapsed "$t0" "$t1") s + synth $(elapsed "$t1" "$t2") s + terraform $(elapsed "$t2" "$t3") s = $before s"
echo "after:  terraform $after s (stack folder from the check job's artifact)"
awk -v a="$before" -v b="$after" 'BEGIN { printf "ratio before/after: %.1fx\n", a / b }'
