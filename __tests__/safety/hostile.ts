/**
 * Values an attacker (or a careless copy-paste) puts into realm files: Terraform
 * interpolations that read files and the environment, directives, references that look like
 * Realmkit's own, and already-escaped and nested forms. Each is at most 63 characters, so it
 * fits every free string field, tag values included.
 */
export const HOSTILE_TEMPLATES: readonly string[] = [
  '${file("/proc/self/environ")}',
  "${path.cwd}",
  "${path.module}/x",
  "%{ if true }yes%{ endif }",
  "%{~ for k in [1] ~}${k}%{ endfor }",
  "$${already-escaped}",
  "$$${nested-escape}",
  "%%{ escaped-directive }",
  '${jsonencode({a = "${path.root}"})}',
  "${aws_vpc.network_vpc_4E8F0223.id}",
  "${var.secret}${local.x}",
  "${terraform.workspace}",
  "pre ${ timestamp() } post",
  "${",
  "%{",
  "}${}{",
];
