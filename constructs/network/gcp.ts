import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import type { ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { parseCidr } from "../../lib/model/cidr";
import { resourceName } from "../../lib/model/naming";
import { gcpLabels, type GcpScopeProps } from "../gcp-scope";
import { GcpLogRoute } from "../observability/gcp-log-route";
import type { NetworkProps } from "./index";

export interface GcpNetworkProps extends NetworkProps, GcpScopeProps {
  /**
   * Share of flows a flow log samples (0 < x <= 1). Sampling keeps the cost of busy realms
   * bounded while still showing every long-lived connection.
   * @default 0.5
   */
  readonly flowSampling?: number;
}

/** Range names of `layout.extra` the GCP network needs (see lib/model/providers/gcp.ts). */
const REQUIRED_RANGES = ["pods", "services", "privateServiceAccess", "controlPlane"] as const;

/**
 * The realm VPC on GCP: a custom-mode network with one regional node subnet (flow logs,
 * private Google access, secondary ranges for GKE pods and services), Cloud NAT for egress,
 * a private services access range peered to Google for Cloud SQL, and an explicit, logged
 * deny of all ingress. Flow, firewall and NAT logs go to a realm log bucket in the region.
 *
 * `natPerZone` has no meaning here: Cloud NAT is a regional, zone-redundant managed service.
 */
export class GcpNetwork extends Construct {
  /** Network id `projects/<p>/global/networks/<name>`. */
  readonly networkId: string;
  readonly networkName: string;
  readonly networkSelfLink: string;
  readonly subnetId: string;
  readonly subnetName: string;
  /** Primary range of the node subnet. */
  readonly nodeCidr: string;
  readonly podsRangeName: string;
  readonly podsCidr: string;
  readonly servicesRangeName: string;
  readonly servicesCidr: string;
  /** /28 for the GKE control plane's private endpoint. */
  readonly controlPlaneCidr: string;
  /** Name of the global address Cloud SQL takes its private IP from. */
  readonly privateServiceAccessRangeName: string;
  /** The peering to Google's service producer network; Cloud SQL waits for it. */
  readonly privateServiceAccess: ITerraformDependable;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const { realm, layout, project, region } = props;
    const ranges = checkLayout(props);
    const flowSampling = props.flowSampling ?? 0.5;
    if (!(flowSampling > 0 && flowSampling <= 1)) {
      throw new RealmkitError("RK-GCP-NETWORK-SAMPLING", `flowSampling must be above 0 and at most 1, got ${flowSampling}`, {
        realm,
        value: flowSampling,
        fix: "use a share such as 0.5 (half the flows) or 1 (all flows)",
      });
    }
    const name = (...parts: string[]) => resourceName("gcp", "default", realm, ...parts);

    const vpc = new ComputeNetwork(this, "vpc", {
      name: name("vpc"),
      project,
      description: `Network of realm ${realm}`,
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
    });

    const podsRangeName = name("pods");
    const servicesRangeName = name("services");
    const subnet = new ComputeSubnetwork(this, "nodes", {
      name: name("nodes"),
      project,
      region,
      network: vpc.id,
      description: `Nodes and workloads of realm ${realm}; GKE pods and services use the secondary ranges`,
      ipCidrRange: layout.private[0]!,
      stackType: "IPV4_ONLY",
      // Workloads without external addresses still reach Google APIs (registries, KMS, logging).
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: podsRangeName, ipCidrRange: ranges.pods },
        { rangeName: servicesRangeName, ipCidrRange: ranges.services },
      ],
      logConfig: {
        aggregationInterval: "INTERVAL_5_SEC",
        flowSampling,
        metadata: "INCLUDE_ALL_METADATA",
      },
    });

    const router = new ComputeRouter(this, "router", {
      name: name("router"),
      project,
      region,
      network: vpc.id,
      description: `Cloud NAT of realm ${realm}`,
    });
    new ComputeRouterNat(this, "nat", {
      name: name("nat"),
      project,
      region,
      router: router.name,
      natIpAllocateOption: "AUTO_ONLY",
      // Only the realm subnet (nodes and pods) gets egress; a subnet added by hand does not.
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: subnet.selfLink, sourceIpRangesToNat: ["ALL_IP_RANGES"] }],
      enableDynamicPortAllocation: true,
      enableEndpointIndependentMapping: false,
      minPortsPerVm: 64,
      maxPortsPerVm: 4096,
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });

    const [pscBase, pscPrefix] = ranges.privateServiceAccess.split("/") as [string, string];
    const peeringRange = new ComputeGlobalAddress(this, "private-service-access", {
      name: name("psa"),
      project,
      description: `Private services access range of realm ${realm} (Cloud SQL)`,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: pscBase,
      prefixLength: Number(pscPrefix),
      network: vpc.id,
      labels: gcpLabels(props.labels),
    });
    const peering = new ServiceNetworkingConnection(this, "service-networking", {
      network: vpc.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [peeringRange.name],
      // Google keeps the peering busy for days after the last Cloud SQL instance is gone; a
      // destroy that waits for it fails, so the connection is abandoned with the network.
      deletionPolicy: "ABANDON",
    });

    // GCP already denies unsolicited ingress implicitly; the explicit rule makes it visible,
    // logged, and outranks nothing but the implied rules (GKE adds its own allow rules).
    new ComputeFirewall(this, "deny-ingress", {
      name: name("deny-all-ingress"),
      project,
      network: vpc.id,
      description: `Default deny of all ingress into realm ${realm}, logged`,
      direction: "INGRESS",
      priority: 65534,
      sourceRanges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    });

    // GCP's implied rule allows all egress, so the services' port rules would change nothing
    // without an explicit deny: the realm range (nodes, pods, services, control plane, Cloud SQL)
    // stays open, the internet gets HTTPS (images, Google APIs) and what services open at 1000.
    // The metadata server (DNS, NTP, credentials) is never subject to firewall rules.
    new ComputeFirewall(this, "allow-internal-egress", {
      name: name("allow-internal-egress"),
      project,
      network: vpc.id,
      description: `Egress inside realm ${realm}'s range`,
      direction: "EGRESS",
      priority: 1000,
      destinationRanges: [props.cidr],
      allow: [{ protocol: "all" }],
    });
    new ComputeFirewall(this, "allow-https-egress", {
      name: name("allow-https-egress"),
      project,
      network: vpc.id,
      description: `HTTPS egress of realm ${realm} (container images, Google APIs)`,
      direction: "EGRESS",
      priority: 1000,
      destinationRanges: ["0.0.0.0/0"],
      allow: [{ protocol: "tcp", ports: ["443"] }],
    });
    new ComputeFirewall(this, "deny-egress", {
      name: name("deny-all-egress"),
      project,
      network: vpc.id,
      description: `Default deny of all other egress from realm ${realm}, logged`,
      direction: "EGRESS",
      priority: 65534,
      destinationRanges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    });

    new GcpLogRoute(this, "flow-logs", {
      realm,
      project,
      region,
      name: name("network-logs"),
      description: `Flow, firewall and NAT logs of realm ${realm}`,
      filter: [
        `(resource.type="gce_subnetwork" AND resource.labels.subnetwork_name="${name("nodes")}")`,
        `(resource.type="nat_gateway" AND resource.labels.gateway_name="${name("nat")}")`,
      ].join(" OR "),
      retentionDays: props.flowLogRetentionDays,
    });

    this.networkId = vpc.id;
    this.networkName = vpc.name;
    this.networkSelfLink = vpc.selfLink;
    this.subnetId = subnet.id;
    this.subnetName = subnet.name;
    this.nodeCidr = layout.private[0]!;
    this.podsRangeName = podsRangeName;
    this.podsCidr = ranges.pods;
    this.servicesRangeName = servicesRangeName;
    this.servicesCidr = ranges.services;
    this.controlPlaneCidr = ranges.controlPlane;
    this.privateServiceAccessRangeName = peeringRange.name;
    this.privateServiceAccess = peering;
  }
}

function checkLayout({ realm, layout }: GcpNetworkProps): Record<(typeof REQUIRED_RANGES)[number], string> {
  const fail = (message: string, value: unknown): never => {
    throw new RealmkitError("RK-GCP-NETWORK-LAYOUT", message, {
      realm,
      value,
      fix: "compute the layout with the gcp profile (profiles.gcp.networkLayout), which provides every range",
    });
  };
  if (!layout.private[0] || !parseCidr(layout.private[0])) fail("the network layout has no node range (layout.private[0])", layout.private);
  const out = {} as Record<(typeof REQUIRED_RANGES)[number], string>;
  for (const range of REQUIRED_RANGES) {
    const value = layout.extra[range];
    if (!value || !parseCidr(value)) fail(`the network layout has no valid \`extra.${range}\` range`, value);
    out[range] = value!;
  }
  return out;
}
