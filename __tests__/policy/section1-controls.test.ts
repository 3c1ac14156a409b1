import { loadInventory } from "../../lib/model/inventory";
import { evaluate } from "../../lib/policy/engine";
import { inputsFor } from "../../lib/policy/gate";
import type { Finding } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { FIXTURE_REALMS, synthInventory } from "../helpers/synth";

/**
 * The infrastructure controls of issue 13, section 1, hold on the synthesized samples of all
 * three clouds: every control is judged (a pass on real resources, not only "not applicable")
 * and nothing fails. Each realm runs its own profiles plus soc2, so the data-access rules (soc2,
 * hipaa, pci) run on realms that chose none, and pgAudit's classes follow each realm's profiles.
 */
const CONTROLS: Readonly<Record<"aws" | "gcp" | "azure", readonly string[]>> = {
  aws: ["RK-AWS-S3-DATA-ACCESS-LOGGED", "RK-AWS-EKS-NODE-METADATA-HOP-LIMIT", "RK-AWS-NODE-EGRESS-LIMITED"],
  gcp: ["RK-GCP-GCS-DATA-ACCESS-LOGGED", "RK-GCP-FIREWALL-EGRESS-LIMITED", "RK-GCP-GKE-BINARY-AUTHORIZATION", "RK-GCP-SQL-PGAUDIT"],
  azure: ["RK-AZURE-STORAGE-BLOB-LOGGED", "RK-AZURE-NSG-EGRESS-LIMITED", "RK-AZURE-AKS-HOST-ENCRYPTION"],
};

const inventory = loadInventory(FIXTURE_REALMS);
const stacks = synthInventory(FIXTURE_REALMS, { backend: "remote" });
const views = Object.entries(stacks).map(([id, json]) => ({ ...fromTerraformJson(json as Record<string, unknown>), stackId: id }));
const runs = inputsFor(views, inventory).map((input) =>
  evaluate([input], { profiles: ["soc2", ...(input.realm?.config.compliance ?? [])] }),
);
const findings = runs.flatMap((r) => r.findings);
const summaries = runs.flatMap((r) => r.stacks);
const cloudOf = (stackId: string): string => inventory.realms.flatMap((r) => r.targets).find((t) => t.stackId === stackId)!.provider;

describe.each(Object.entries(CONTROLS))("section 1 controls on %s", (cloud, ids) => {
  const mine = findings.filter((f) => cloudOf(f.stackId) === cloud);
  const cloudStacks = summaries.filter((s) => cloudOf(s.stackId) === cloud).map((s) => s.stackId);

  test("the samples have stacks on this cloud", () => {
    expect(cloudStacks.length).toBeGreaterThan(0);
  });

  test.each(ids)("%s passes wherever its resources are and fails nowhere", (id) => {
    const of = mine.filter((f: Finding) => f.ruleId === id);
    expect(of.filter((f) => f.status === "fail" || f.status === "error").map((f) => `${f.stackId} ${f.address}: ${f.reason}`)).toEqual([]);
    const judged = new Set(of.map((f) => f.stackId));
    const passedIn = new Set(of.filter((f) => f.status === "pass").map((f) => f.stackId));
    expect(passedIn.size).toBeGreaterThan(0);
    expect([...passedIn].sort()).toEqual([...judged].sort());
  });
});

describe("section 1 constructs, as synthesized", () => {
  const all = (type: string) =>
    Object.values(stacks).flatMap((json) =>
      Object.values(((json as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource ?? {})[type] ?? {}),
    );

  test("EKS launch templates answer metadata with hop limit 1 unless a realm raised it with a reason", () => {
    const raised = new Set<number>(
      inventory.realms.filter((r) => r.config.cluster?.metadataHopLimit).map((r) => r.config.cluster!.metadataHopLimit!.value),
    );
    const hops = all("aws_launch_template").map(
      (t) => (t.metadata_options as { http_put_response_hop_limit?: number }).http_put_response_hop_limit,
    );
    expect(hops.length).toBeGreaterThan(0);
    for (const h of hops) expect(h === 1 || raised.has(h as number)).toBe(true);
  });

  test("every AKS pool encrypts at host and every GKE cluster enforces Binary Authorization", () => {
    const aks = all("azurerm_kubernetes_cluster");
    expect(aks.length).toBeGreaterThan(0);
    for (const c of aks) expect((c.default_node_pool as { host_encryption_enabled?: boolean }).host_encryption_enabled).toBe(true);
    for (const p of all("azurerm_kubernetes_cluster_node_pool")) expect(p.host_encryption_enabled).toBe(true);
    const gke = all("google_container_cluster");
    expect(gke.length).toBeGreaterThan(0);
    for (const c of gke)
      expect((c.binary_authorization as { evaluation_mode?: string }).evaluation_mode).toBe("PROJECT_SINGLETON_POLICY_ENFORCE");
  });
});
