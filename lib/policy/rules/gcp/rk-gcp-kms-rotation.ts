import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { show } from "../../view/values";

export const MAX_ROTATION_SECONDS = 90 * 24 * 3600;

export default defineResourceRule({
  id: "RK-GCP-KMS-ROTATION",
  title: "Cloud KMS keys rotate at least every 90 days",
  description: "Automatic rotation limits how much data one key version protects.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_kms_crypto_key"],
  publicIds: { checkov: ["CKV_GCP_43"], trivy: ["GCP-0065"] },
  fix: 'set `rotation_period = "7776000s"` (90 days) or shorter',
  check(r) {
    const purpose = r.values.purpose;
    if (purpose !== undefined && purpose !== null && purpose !== "ENCRYPT_DECRYPT")
      return notApplicable(`${String(purpose)} keys cannot rotate automatically`);
    const period = r.values.rotation_period;
    const seconds = typeof period === "string" && /^\d+(\.\d+)?s$/.test(period) ? Number(period.slice(0, -1)) : undefined;
    if (seconds === undefined) return fail(`\`rotation_period\` is ${show(period)}`);
    return seconds <= MAX_ROTATION_SECONDS ? pass() : fail(`\`rotation_period\` is ${period}, longer than 90 days`);
  },
});
