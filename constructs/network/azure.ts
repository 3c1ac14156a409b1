import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet, type SubnetConfig } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import type { ITerraformDependable } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { azureTags, type AzureScopeProps } from "../azure-scope";
import type { NetworkProps } from "./index";

export interface AzureNetworkProps extends NetworkProps, AzureScopeProps {}

/** Priorities of the baseline rules; services add theirs below 3900 (lower number wins). */
export const NSG_PRIORITY = {
  allowHttpsOut: 3900,
  allowNtpOut: 3910,
  denyInternetOut: 4000,
  denyInternetIn: 4000,
} as const;

type SubnetRole = "nodes" | "database" | "endpoints" | "apiserver";

/**
 * The realm VNet: one regional subnet per role (AKS nodes, the AKS API server, the PostgreSQL
 * delegated subnet, private endpoints), each behind its own network security group that refuses every inbound
 * connection from the internet. Nodes leave the network only through a NAT gateway with one
 * static public address, and only on HTTPS and NTP (plus the ports services open); no subnet
 * has Azure's implicit default outbound access.
 */
export class AzureNetwork extends Construct {
  readonly vnetId: string;
  readonly vnetName: string;
  /** The AKS node subnet (one regional subnet; a list to match the other clouds). */
  readonly privateSubnetIds: string[];
  readonly privateSubnetCidrs: string[];
  /** Delegated to `Microsoft.DBforPostgreSQL/flexibleServers`; nothing else may live in it. */
  readonly databaseSubnetId: string;
  readonly endpointsSubnetId: string;
  /**
   * Delegated to `Microsoft.ContainerService/managedClusters`: the AKS API server's own subnet
   * (API server VNet integration), which lets the KMS plugin reach the private realm Key Vault.
   */
  readonly apiServerSubnetId: string;
  /** NSG of the node subnet: services add their egress rules to it. */
  readonly nodesSecurityGroupName: string;
  /** The public address all node egress leaves from (for partners' allow-lists). */
  readonly egressIp: string;
  /**
   * What must exist before workloads start in the node subnet: its NSG and NAT gateway
   * associations (AKS with a user-assigned NAT gateway checks the subnet's NAT at creation).
   */
  readonly nodesReady: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    checkLayout(props);
    const { realm, layout } = props;
    const name = (...parts: string[]) => resourceName("azure", "default", realm, ...parts);
    const where = { resourceGroupName: props.resourceGroupName, location: props.location, tags: azureTags(props.tags) };

    const vnet = new VirtualNetwork(this, "vnet", { ...where, name: name("vnet"), addressSpace: [props.cidr] });

    const subnet = (role: SubnetRole, cidr: string, extra: Partial<SubnetConfig> = {}): Subnet =>
      new Subnet(this, `subnet-${role}`, {
        name: name(role),
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: vnet.name,
        addressPrefixes: [cidr],
        // Azure's implicit outbound address (retired for new VNets) would bypass the NAT gateway and the NSG egress rules.
        defaultOutboundAccessEnabled: false,
        ...extra,
      });
    const nodes = subnet("nodes", layout.private[0]!, {
      // The realm Key Vault admits this subnet through its service endpoint (CSI secrets driver).
      serviceEndpoints: ["Microsoft.KeyVault"],
    });
    const database = subnet("database", layout.database[0]!, {
      delegation: [
        {
          name: "postgresql-flexible-server",
          serviceDelegation: {
            name: "Microsoft.DBforPostgreSQL/flexibleServers",
            actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
          },
        },
      ],
    });
    const endpoints = subnet("endpoints", layout.extra.endpoints!, {
      // Without this, NSG rules do not apply to private endpoints.
      privateEndpointNetworkPolicies: "Enabled",
    });

    const apiServer = subnet("apiserver", layout.extra.apiServer!, {
      delegation: [
        {
          name: "aks-api-server",
          serviceDelegation: {
            name: "Microsoft.ContainerService/managedClusters",
            actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
          },
        },
      ],
    });

    const guarded = (
      role: SubnetRole,
      target: Subnet,
    ): { nsg: NetworkSecurityGroup; association: SubnetNetworkSecurityGroupAssociation } => {
      const nsg = new NetworkSecurityGroup(this, `nsg-${role}`, { ...where, name: name(role, "nsg") });
      // Azure's default rules already drop unsolicited internet traffic; the explicit rule keeps it so
      // when someone adds an allow rule with a wider priority, and shows the intent to scanners.
      this.rule(nsg, props, `${role}-deny-internet-in`, {
        name: "deny-internet-inbound",
        description: "No inbound connection from the internet reaches the realm network",
        direction: "Inbound",
        access: "Deny",
        priority: NSG_PRIORITY.denyInternetIn,
        protocol: "*",
        sourceAddressPrefix: "Internet",
        destinationPortRange: "*",
      });
      const association = new SubnetNetworkSecurityGroupAssociation(this, `nsg-${role}-association`, {
        subnetId: target.id,
        networkSecurityGroupId: nsg.id,
      });
      return { nsg, association };
    };
    const nodesGuard = guarded("nodes", nodes);
    guarded("database", database);
    guarded("endpoints", endpoints);
    // Azure's default rules let the nodes (VirtualNetwork) and the AKS load balancer in; only the internet is refused.
    guarded("apiserver", apiServer);

    // Nodes need HTTPS (images, Azure APIs, Entra ID) and NTP; everything else to the internet is refused
    // unless a service opens its port.
    this.rule(nodesGuard.nsg, props, "nodes-allow-https-out", {
      name: "allow-https-outbound",
      description: "Container images, Azure APIs and Entra ID over HTTPS",
      direction: "Outbound",
      access: "Allow",
      priority: NSG_PRIORITY.allowHttpsOut,
      protocol: "Tcp",
      sourceAddressPrefix: "VirtualNetwork",
      destinationPortRange: "443",
      destinationAddressPrefix: "Internet",
    });
    this.rule(nodesGuard.nsg, props, "nodes-allow-ntp-out", {
      name: "allow-ntp-outbound",
      description: "Node time synchronisation",
      direction: "Outbound",
      access: "Allow",
      priority: NSG_PRIORITY.allowNtpOut,
      protocol: "Udp",
      sourceAddressPrefix: "VirtualNetwork",
      destinationPortRange: "123",
      destinationAddressPrefix: "Internet",
    });
    this.rule(nodesGuard.nsg, props, "nodes-deny-internet-out", {
      name: "deny-internet-outbound",
      description: "Egress to the internet only on the ports allowed above",
      direction: "Outbound",
      access: "Deny",
      priority: NSG_PRIORITY.denyInternetOut,
      protocol: "*",
      sourceAddressPrefix: "*",
      destinationPortRange: "*",
      destinationAddressPrefix: "Internet",
    });

    // Azure attaches at most one NAT gateway to a subnet, and a Standard NAT gateway lives in one
    // zone: a realm gets one gateway, pinned with its address to the first zone where the region has zones.
    const zones = props.zones.length > 0 ? [props.zones[0]!] : undefined;
    const ip = new PublicIp(this, "nat-ip", {
      ...where,
      name: name("nat", "ip"),
      allocationMethod: "Static",
      sku: "Standard",
      zones,
    });
    const nat = new NatGateway(this, "nat", { ...where, name: name("nat"), skuName: "Standard", idleTimeoutInMinutes: 4, zones });
    new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: ip.id });
    const natAssociation = new SubnetNatGatewayAssociation(this, "nat-nodes-association", { subnetId: nodes.id, natGatewayId: nat.id });

    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.privateSubnetIds = [nodes.id];
    this.privateSubnetCidrs = [layout.private[0]!];
    this.databaseSubnetId = database.id;
    this.endpointsSubnetId = endpoints.id;
    this.apiServerSubnetId = apiServer.id;
    this.nodesSecurityGroupName = nodesGuard.nsg.name;
    this.egressIp = ip.ipAddress;
    this.nodesReady = [nodesGuard.association, natAssociation];
  }

  private rule(
    nsg: NetworkSecurityGroup,
    props: AzureNetworkProps,
    id: string,
    rule: Omit<
      ConstructorParameters<typeof NetworkSecurityRule>[2],
      "networkSecurityGroupName" | "resourceGroupName" | "sourcePortRange"
    > & { destinationAddressPrefix?: string },
  ): NetworkSecurityRule {
    return new NetworkSecurityRule(this, id, {
      destinationAddressPrefix: "*",
      ...rule,
      sourcePortRange: "*",
      networkSecurityGroupName: nsg.name,
      resourceGroupName: props.resourceGroupName,
    });
  }
}

function checkLayout(props: AzureNetworkProps): void {
  const { layout } = props;
  const missing = [
    layout.private.length === 1 ? undefined : "one private (node) range",
    layout.database.length === 1 ? undefined : "one database range",
    layout.extra.endpoints ? undefined : "extra.endpoints",
    layout.extra.apiServer ? undefined : "extra.apiServer",
  ].filter(Boolean);
  if (missing.length === 0) return;
  throw new RealmkitError(
    "RK-AZURE-NETWORK-LAYOUT",
    `the Azure network of realm ${props.realm} needs ${missing.join(", ")} in its layout`,
    {
      realm: props.realm,
      value: layout,
      fix: "compute the layout with the azure profile's networkLayout (lib/model/providers/azure.ts)",
    },
  );
}
