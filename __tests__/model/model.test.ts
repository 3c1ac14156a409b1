import { cidrSubnet, formatCidr, overlaps, parseCidr } from "../../lib/model/cidr";
import { resourceName } from "../../lib/model/naming";
import { profiles } from "../../lib/model/providers";
import { allowedRegions } from "../../lib/model/residency";
import { skuFor } from "../../lib/model/realm-model";

describe("cidr", () => {
  it("parses, subdivides and compares networks like Terraform's cidrsubnet", () => {
    const net = parseCidr("10.20.0.0/16")!;
    expect(formatCidr(cidrSubnet(net, 3, 6))).toBe("10.20.192.0/19");
    expect(formatCidr(cidrSubnet(net, 8, 255))).toBe("10.20.255.0/24");
    expect(parseCidr("10.20.1.0/16")).toBeUndefined();
    expect(parseCidr("300.1.1.1/32")).toBeUndefined();
    expect(overlaps(net, parseCidr("10.20.128.0/17")!)).toBe(true);
    expect(overlaps(net, parseCidr("10.21.0.0/16")!)).toBe(false);
  });

  it("lays out disjoint subnets per zone inside the realm network", () => {
    const layout = profiles.aws.networkLayout("10.20.0.0/16", 3);
    expect(layout.private).toEqual(["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]);
    expect(layout.public).toEqual(["10.20.192.0/22", "10.20.196.0/22", "10.20.200.0/22"]);
    expect(layout.database).toEqual(["10.20.224.0/22", "10.20.228.0/22", "10.20.232.0/22"]);
    const all = [...layout.private, ...layout.public, ...layout.database].map((c) => parseCidr(c)!);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
  });

  it.each(Object.keys(profiles))("keeps %s's regional ranges disjoint from the zonal ones", (provider) => {
    const layout = profiles[provider as keyof typeof profiles].networkLayout("10.20.0.0/16", 3);
    const all = [...layout.private, ...layout.public, ...layout.database, ...Object.values(layout.extra)].map((c) => parseCidr(c)!);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
  });
});

describe("naming", () => {
  it("derives names as ibc-<realm>-<component> within each provider's rules", () => {
    expect(resourceName("aws", "default", "us2", "database")).toBe("ibc-us2-database");
    expect(resourceName("aws", "bucket", "us2", "Documents_Raw")).toBe("ibc-us2-documents-raw");
    expect(resourceName("azure", "storageAccount", "eu2", "documents")).toBe("ibceu2documents");
  });

  it("cuts long names to the limit and keeps them unique with a hash", () => {
    const a = resourceName("azure", "storageAccount", "eu2", "documents", "c0ffee00-1111-2222-3333-444455556666");
    const b = resourceName("azure", "storageAccount", "eu2", "documents", "c0ffee00-1111-2222-3333-444455556667");
    expect(a).toHaveLength(24);
    expect(b).toHaveLength(24);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]+$/);
  });
});

describe("catalogues", () => {
  it("maps sizes to each provider's SKUs and lets an explicit SKU win", () => {
    expect(skuFor("aws", "database", "large")).toBe("db.r6g.xlarge");
    expect(skuFor("gcp", "node", "medium")).toBe("n2-standard-4");
    expect(skuFor("azure", "database", "small")).toBe("GP_Standard_D2ds_v5");
    expect(skuFor("aws", "database", "large", "db.m6g.large")).toBe("db.m6g.large");
  });

  it("keeps EU residency inside EU regions on every cloud", () => {
    expect(allowedRegions("aws", "eu")).toEqual(expect.arrayContaining(["eu-central-1", "eu-west-1"]));
    expect(allowedRegions("aws", "eu")).not.toContain("eu-west-2");
    expect(allowedRegions("gcp", "eu")).toContain("europe-west3");
    expect(allowedRegions("azure", "eu")).toContain("germanywestcentral");
    expect(allowedRegions("azure", "eu")).not.toContain("uksouth");
  });
});
