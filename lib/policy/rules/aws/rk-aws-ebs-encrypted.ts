import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { blocks, dig, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AWS-EBS-ENCRYPTED",
  title: "EBS volumes and launch template disks are encrypted",
  description: "Node and volume disks hold data at rest like any other store.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_ebs_volume", "aws_launch_template"],
  publicIds: {
    checkov: ["CKV_AWS_3"],
    trivy: ["AWS-0026"],
    partial: {
      CKV_AWS_3: "EBS volumes only; launch template disks are checked here too",
      "AWS-0026": "EBS volumes only; launch template disks are checked here too",
    },
  },
  fix: "set `encrypted = true` (and `kms_key_id` to the realm key) on the volume or on each launch template `block_device_mappings.ebs`",
  check(r) {
    if (r.type === "aws_ebs_volume") return failIfAny(isTrue(r.values.encrypted) ? [] : ["`encrypted` is not true"]);
    const disks = blocks(r.values.block_device_mappings).filter((m) => dig(m, "ebs") !== undefined);
    if (disks.length === 0) return notApplicable("no block device mappings: the AMI's and the account's EBS defaults apply");
    return failIfAny(
      disks.filter((m) => !isTrue(dig(m, "ebs", "encrypted"))).map((m) => `${String(m.device_name ?? "a disk")} is not encrypted`),
    );
  },
});
