import { TerraformOutput } from "../../../lib/cdktf";
import { GcpNetwork, type GcpNetworkProps } from "../../../constructs/network/gcp";
import type { RealmkitError } from "../../../lib/config/errors";
import { gcpNetworkLayout } from "../../../lib/model/providers/gcp";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { addressOf, expectLabeledEverywhere, named, refTo, REGION, SCOPE, ZONES } from "../gcp-sample";

const prod: GcpNetworkProps = {
  ...SCOPE,
  realm: "eu1",
  tier: "prod",
  cidr: "10.60.0.0/16",
  zones: ZONES,
  layout: gcpNetworkLayout("10.60.0.0/16", 3),
  natPerZone: true,
  flowLogRetentionDays: 365,
};
const synth = (props: GcpNetworkProps): TfJson => synthConstruct((scope) => new GcpNetwork(scope, "network", props));
const thrown = (props: GcpNetworkProps): RealmkitError => {
  try {
    synth(props);
  } catch (err) {
    return err as RealmkitError;
  }
  throw new Error("expected an error");
};

describe("GcpNetwork", () => {
  const json = synth(prod);
  const vpc = `\${${addressOf(json, "google_compute_network")}.id}`;
  const subnet = onlyResource(json, "google_compute_subnetwork");

  it("creates a custom-mode VPC with regional routing", () => {
    expect(onlyResource(json, "google_compute_network")).toMatchObject({
      name: "ibc-eu1-vpc",
      project: "ibc-eu1-prod",
      auto_create_subnetworks: false,
      routing_mode: "REGIONAL",
    });
  });

  it("cuts one regional node subnet with the GKE pod and service ranges from the layout", () => {
    expect(subnet).toMatchObject({
      name: "ibc-eu1-nodes",
      region: REGION,
      network: vpc,
      ip_cidr_range: "10.60.0.0/19",
      stack_type: "IPV4_ONLY",
      secondary_ip_range: [
        { range_name: "ibc-eu1-pods", ip_cidr_range: "10.60.128.0/17" },
        { range_name: "ibc-eu1-services", ip_cidr_range: "10.60.32.0/20" },
      ],
    });
  });

  it("turns on private Google access and flow logs with metadata", () => {
    expect(subnet.private_ip_google_access).toBe(true);
    expect(subnet.log_config).toEqual({ aggregation_interval: "INTERVAL_5_SEC", flow_sampling: 0.5, metadata: "INCLUDE_ALL_METADATA" });
    expect(onlyResource(synth({ ...prod, flowSampling: 1 }), "google_compute_subnetwork").log_config.flow_sampling).toBe(1);
  });

  it("gives only the realm subnet egress through Cloud NAT on a Cloud Router, logging errors", () => {
    expect(onlyResource(json, "google_compute_router")).toMatchObject({ name: "ibc-eu1-router", region: REGION, network: vpc });
    expect(onlyResource(json, "google_compute_router_nat")).toMatchObject({
      name: "ibc-eu1-nat",
      region: REGION,
      router: refTo(json, "google_compute_router", "name"),
      nat_ip_allocate_option: "AUTO_ONLY",
      source_subnetwork_ip_ranges_to_nat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: refTo(json, "google_compute_subnetwork", "self_link"), source_ip_ranges_to_nat: ["ALL_IP_RANGES"] }],
      log_config: { enable: true, filter: "ERRORS_ONLY" },
    });
  });

  it("reserves the private services access range and peers it with Google for Cloud SQL", () => {
    const range = onlyResource(json, "google_compute_global_address");
    expect(range).toMatchObject({
      name: "ibc-eu1-psa",
      purpose: "VPC_PEERING",
      address_type: "INTERNAL",
      address: "10.60.48.0",
      prefix_length: 20,
      network: vpc,
    });
    expect(onlyResource(json, "google_service_networking_connection")).toEqual({
      network: vpc,
      service: "servicenetworking.googleapis.com",
      reserved_peering_ranges: [refTo(json, "google_compute_global_address", "name")],
      deletion_policy: "ABANDON",
    });
  });

  it("denies and logs all ingress explicitly, below every allow rule", () => {
    const firewalls = Object.values(resourcesOf(json, "google_compute_firewall")).filter((f) => f.direction === "INGRESS");
    expect(firewalls).toHaveLength(1);
    expect(firewalls[0]).toMatchObject({
      name: "ibc-eu1-deny-all-ingress",
      network: vpc,
      direction: "INGRESS",
      priority: 65534,
      source_ranges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      log_config: { metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(firewalls[0]!.allow).toBeUndefined();
  });

  it("denies and logs all egress but the realm range and HTTPS, so the services' port rules take effect", () => {
    const egress = Object.values(resourcesOf(json, "google_compute_firewall"))
      .filter((f) => f.direction === "EGRESS")
      .map((f) => [f.name, f.priority, f.destination_ranges, f.allow ?? null, f.deny ?? null]);
    expect(egress.sort()).toEqual([
      ["ibc-eu1-allow-https-egress", 1000, ["0.0.0.0/0"], [{ protocol: "tcp", ports: ["443"] }], null],
      ["ibc-eu1-allow-internal-egress", 1000, ["10.60.0.0/16"], [{ protocol: "all" }], null],
      ["ibc-eu1-deny-all-egress", 65534, ["0.0.0.0/0"], null, [{ protocol: "all" }]],
    ]);
  });

  it("routes flow, firewall and NAT logs to a regional log bucket with the realm retention", () => {
    const bucket = onlyResource(json, "google_logging_project_bucket_config");
    expect(bucket).toMatchObject({ bucket_id: "ibc-eu1-network-logs", location: REGION, retention_days: 365, project: "ibc-eu1-prod" });
    expect(onlyResource(json, "google_logging_project_sink")).toMatchObject({
      name: "ibc-eu1-network-logs",
      destination: `logging.googleapis.com/${refTo(json, "google_logging_project_bucket_config", "id")}`,
      filter:
        '(resource.type="gce_subnetwork" AND resource.labels.subnetwork_name="ibc-eu1-nodes") OR (resource.type="nat_gateway" AND resource.labels.gateway_name="ibc-eu1-nat")',
      unique_writer_identity: true,
    });
    expect(onlyResource(synth({ ...prod, flowLogRetentionDays: 30 }), "google_logging_project_bucket_config").retention_days).toBe(30);
  });

  it("labels every resource that takes labels", () => {
    expectLabeledEverywhere(json);
  });

  it("exposes ids and ranges the database and cluster need", () => {
    let exposed!: GcpNetwork;
    const out = synthConstruct((scope) => {
      exposed = new GcpNetwork(scope, "network", prod);
      new TerraformOutput(scope, "network_id", { value: exposed.networkId });
      new TerraformOutput(scope, "subnet", { value: exposed.subnetId });
      new TerraformOutput(scope, "psa", { value: exposed.privateServiceAccessRangeName });
    });
    expect(out.output!.network_id!.value).toBe(`\${${addressOf(out, "google_compute_network")}.id}`);
    expect(out.output!.subnet!.value).toBe(`\${${addressOf(out, "google_compute_subnetwork")}.id}`);
    expect(out.output!.psa!.value).toBe(refTo(out, "google_compute_global_address", "name"));
    expect([
      exposed.podsRangeName,
      exposed.podsCidr,
      exposed.servicesRangeName,
      exposed.servicesCidr,
      exposed.controlPlaneCidr,
      exposed.nodeCidr,
    ]).toEqual(["ibc-eu1-pods", "10.60.128.0/17", "ibc-eu1-services", "10.60.32.0/20", "10.60.64.0/28", "10.60.0.0/19"]);
  });

  it("builds the same regional network whatever natPerZone says (Cloud NAT is regional)", () => {
    expect(synth({ ...prod, natPerZone: false })).toEqual(json);
  });

  it("rejects a layout without the GKE and Cloud SQL ranges", () => {
    const layout = { ...prod.layout, extra: { ...prod.layout.extra, pods: undefined as unknown as string } };
    const err = thrown({ ...prod, layout });
    expect(err.code).toBe("RK-GCP-NETWORK-LAYOUT");
    expect(err.message).toContain("extra.pods");
  });

  it("rejects a layout with no node range", () => {
    expect(thrown({ ...prod, layout: { ...prod.layout, private: [] } }).code).toBe("RK-GCP-NETWORK-LAYOUT");
  });

  it.each([0, -0.1, 1.5])("rejects a flow sampling of %s", (flowSampling) => {
    const err = thrown({ ...prod, flowSampling });
    expect(err.code).toBe("RK-GCP-NETWORK-SAMPLING");
    expect(err.value).toBe(flowSampling);
  });

  it.each([0, 3651, 1.5])("rejects a flow log retention of %s days", (days) => {
    const err = thrown({ ...prod, flowLogRetentionDays: days });
    expect(err.code).toBe("RK-GCP-LOG-RETENTION");
    expect(err.fix).toContain("between 1 and 3650");
  });

  it("names everything after the realm", () => {
    const dev = synth({ ...prod, realm: "dev1", tier: "dev" });
    expect(named(dev, "google_compute_network", "ibc-dev1-vpc")).toBeDefined();
    expect(named(dev, "google_compute_subnetwork", "ibc-dev1-nodes").secondary_ip_range[0].range_name).toBe("ibc-dev1-pods");
  });
});
