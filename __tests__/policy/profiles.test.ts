import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROFILE_DATA, controlsOf, describeControls } from "../../lib/policy/profiles";
import { ALL_RULES } from "../../lib/policy/rules";
import { PROFILES } from "../../lib/policy/types";
import { realmkit } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/synth";

/** Control ids as each framework writes them. */
const CONTROL_FORM: Readonly<Record<string, RegExp>> = {
  soc2: /^(CC[1-9]\.\d+|A1\.[1-3]|C1\.[12]|PI1\.[1-5]|P[1-8]\.\d+)$/,
  hipaa: /^§164\.(308|310|312|316)\(\w\)(\(\d+\))?(\((i|ii|iii|iv|v|vi|vii|viii|ix)\))?(\([A-Z]\))?$/,
  pci: /^(1[0-2]|[1-9])(\.\d+){1,3}$/,
  gdpr: /^Art\. \d+(\(\d\))?(\([a-f]\))?$/,
};

describe("compliance profiles", () => {
  test("one data file per profile, each naming its framework", () => {
    const files = readdirSync(join(REPO_ROOT, "lib", "policy", "data", "profiles")).sort();
    expect(files).toEqual([...PROFILES].map((p) => `${p}.json`).sort());
    for (const p of PROFILE_DATA) expect([p.title.length, p.framework.length].every((n) => n > 2)).toBe(true);
  });

  test("every rule is in at least one profile, and every rule a profile names exists", () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    for (const p of PROFILE_DATA) for (const id of Object.keys(p.rules)) expect(ids).toContain(id);
    for (const r of ALL_RULES) expect(r.profiles.length).toBeGreaterThan(0);
  });

  test("membership comes from the data files, and the compliance profiles name controls in their framework's form", () => {
    for (const r of ALL_RULES) {
      expect(r.profiles).toEqual(PROFILES.filter((p) => Object.hasOwn(PROFILE_DATA.find((d) => d.profile === p)!.rules, r.id)));
      expect(r.controls).toEqual(controlsOf(r.id));
    }
    for (const p of PROFILE_DATA.filter((d) => d.profile !== "baseline")) {
      for (const [id, controls] of Object.entries(p.rules)) {
        for (const c of controls)
          expect(`${p.profile} ${id} ${c}`).toMatch(new RegExp(` ${CONTROL_FORM[p.profile]!.source.slice(1, -1)}$`));
      }
    }
  });

  test("the data-access rules serve SOC 2 monitoring, HIPAA audit controls and PCI DSS 10.2.1.1", () => {
    for (const id of ["RK-AWS-S3-DATA-ACCESS-LOGGED", "RK-GCP-GCS-DATA-ACCESS-LOGGED", "RK-AZURE-STORAGE-BLOB-LOGGED"]) {
      expect(controlsOf(id)).toMatchObject({ soc2: ["CC7.2"], hipaa: ["§164.312(b)"], pci: expect.arrayContaining(["10.2.1.1"]) });
    }
    expect(describeControls(controlsOf("RK-AWS-DB-TLS"))).toEqual([
      "SOC 2 CC6.7",
      "HIPAA Security Rule §164.312(e)(1), §164.312(e)(2)(ii)",
      "GDPR Art. 32(1)(a)",
      "PCI DSS 4.2.1",
    ]);
  });

  test("realmkit policy --list --profile shows that profile's rules and the controls they serve there", () => {
    const { code, stdout } = realmkit(["policy", "--list", "--profile", "hipaa"]);
    expect(code).toBe(0);
    const hipaa = PROFILE_DATA.find((p) => p.profile === "hipaa")!;
    expect(stdout).toContain(`\n${Object.keys(hipaa.rules).length} rules\n`);
    expect(stdout).toMatch(/RK-AWS-DB-ENCRYPTED .*hipaa:§164\.312\(a\)\(2\)\(iv\)/);
    expect(stdout).not.toMatch(/RK-AWS-DB-ENCRYPTED .*soc2:CC6\.1/);
    const json = realmkit(["policy", "--list", "--profile", "pci", "--format", "json"]);
    const pci = JSON.parse(json.stdout) as { id: string; controls: Record<string, string[]> }[];
    expect(pci.find((e) => e.id === "RK-AWS-NODE-EGRESS-LIMITED")!.controls.pci).toEqual(["1.3.2"]);
  });

  test("an unknown profile is refused with the names that exist", () => {
    const { code, stderr } = realmkit(["policy", "--list", "--profile", "hippa"]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown profile `hippa`");
    expect(stderr).toContain("baseline, soc2, hipaa, gdpr, pci");
  });
});
