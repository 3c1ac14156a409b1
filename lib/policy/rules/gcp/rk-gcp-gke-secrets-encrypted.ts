import { defineResourceRule, fail, pass } from "../../types";
import { block, isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-GKE-SECRETS-ENCRYPTED",
  title: "GKE encrypts Kubernetes secrets with a Cloud KMS key",
  description: "Application-layer secrets encryption with the realm key.",
  severity: "high",
  provider: "gcp",
  resourceTypes: ["google_container_cluster"],
  publicIds: {},
  fix: 'set `database_encryption { state = "ENCRYPTED", key_name = <realm crypto key> }`',
  check(r) {
    const enc = block(r.values, "database_encryption");
    return enc.state === "ENCRYPTED" && isSet(enc.key_name) ? pass() : fail("`database_encryption` is not ENCRYPTED with a key_name");
  },
});
