import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { TerraformOutput } from "../../lib/cdktf";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { azureTags, type AzureScopeProps } from "../azure-scope";
import type { ServicesProps } from "./index";

/** A Kubernetes service account, as workload identity federates it. */
export interface KubernetesServiceAccount {
  readonly namespace: string;
  readonly name: string;
}

export interface AzureServicesProps extends ServicesProps, AzureScopeProps {
  /** The realm Key Vault, where service credentials are kept. */
  readonly keyVaultId: string;
  readonly keyVaultName: string;
  /** `https://<vault>.vault.azure.net/` (with the trailing slash Azure returns): secret URIs derive from it. */
  readonly keyVaultUri: string;
  /** NSG of the workload (node) subnet; the egress rules go there. */
  readonly securityGroupName: string;
  /**
   * OIDC issuer of the realm cluster: the services identity then trusts tokens of
   * `serviceAccount` (AKS workload identity). @default no federation
   */
  readonly oidcIssuerUrl?: string;
  /** The service account workloads calling external services run as. @default ibc/ibc-services */
  readonly serviceAccount?: KubernetesServiceAccount;
  /** Priority of the first egress rule; one per port follows. @default 3000 */
  readonly firstRulePriority?: number;
}

export const DEFAULT_SERVICE_ACCOUNT: KubernetesServiceAccount = { namespace: "ibc", name: "ibc-services" };

/**
 * What the realm needs to reach its external services on Azure: NSG egress rules per service
 * port on the node subnet (which otherwise only allows HTTPS out), outputs naming each endpoint,
 * and for credentials a Key Vault secret *name* per service plus a managed identity allowed to
 * read the vault's secrets.
 *
 * Azure Key Vault cannot hold a secret without a value, and every value Terraform writes lands
 * in its state. So no secret resource is created: the operator sets the value under the output
 * name (`az keyvault secret set`), and the workload identity reads it.
 */
export class AzureServices extends Construct {
  /** Key Vault secret name per service name, for services with `secret: true`. */
  readonly secretNames: Readonly<Record<string, string>>;
  /** Client id of the identity that reads the secrets (undefined when no service has one). */
  readonly identityClientId?: string;

  constructor(scope: Construct, id: string, props: AzureServicesProps) {
    super(scope, id);
    const outputNames = checkServices(props);
    const secretNames: Record<string, string> = {};

    for (const service of props.services) {
      const output = outputNames.get(service.name)!;
      new TerraformOutput(this, `${output}_url`, { value: service.url, staticId: true });
      if (!service.secret) continue;
      const secretName = resourceName("azure", "default", props.realm, "service", service.name);
      secretNames[service.name] = secretName;
      new TerraformOutput(this, `${output}_secret_name`, {
        value: secretName,
        description: `Key Vault secret holding the credentials of ${service.name} in ${props.keyVaultName}; set its value out of band`,
        staticId: true,
      });
      new TerraformOutput(this, `${output}_secret_uri`, { value: `${props.keyVaultUri}secrets/${secretName}`, staticId: true });
    }

    const ports = [...new Set(props.services.map((s) => s.port))].sort((a, b) => a - b);
    const first = props.firstRulePriority ?? 3000;
    ports.forEach((port, i) => {
      const hosts = props.services.filter((s) => s.port === port).map((s) => s.host);
      new NetworkSecurityRule(this, `egress-${port}`, {
        name: `allow-services-${port}-outbound`,
        // SaaS endpoints sit behind CDNs and load balancers whose addresses change without notice, so
        // egress is limited by port, not by address; hostnames are pinned by TLS.
        description: `TCP ${port} to ${hosts.join(", ")}`.slice(0, 140),
        networkSecurityGroupName: props.securityGroupName,
        resourceGroupName: props.resourceGroupName,
        direction: "Outbound",
        access: "Allow",
        priority: first + i,
        protocol: "Tcp",
        sourceAddressPrefix: "VirtualNetwork",
        sourcePortRange: "*",
        destinationAddressPrefix: "Internet",
        destinationPortRange: String(port),
      });
    });

    if (Object.keys(secretNames).length > 0) {
      const identity = new UserAssignedIdentity(this, "identity", {
        name: resourceName("azure", "default", props.realm, "services"),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        tags: azureTags(props.tags),
      });
      // Vault scope: a secret that does not exist yet cannot be a role scope. The vault is the realm's
      // own and this role reads secrets only (no keys, no writes).
      new RoleAssignment(this, "identity-secrets", {
        scope: props.keyVaultId,
        roleDefinitionName: "Key Vault Secrets User",
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
      });
      if (props.oidcIssuerUrl) {
        const account = props.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT;
        new FederatedIdentityCredential(this, "identity-federation", {
          name: `aks-${account.namespace}-${account.name}`,
          parentId: identity.id,
          resourceGroupName: props.resourceGroupName,
          issuer: props.oidcIssuerUrl,
          subject: `system:serviceaccount:${account.namespace}:${account.name}`,
          audience: ["api://AzureADTokenExchange"],
        });
      }
      new TerraformOutput(this, "services_identity_client_id", { value: identity.clientId, staticId: true });
      this.identityClientId = identity.clientId;
    }
    this.secretNames = secretNames;
  }
}

/** Output name stem per service (`service_<name>` with hyphens as underscores); fails when two collide. */
function checkServices(props: AzureServicesProps): Map<string, string> {
  const byOutput = new Map<string, string>();
  const names = new Map<string, string>();
  for (const service of props.services) {
    const output = `service_${service.name.replace(/-/g, "_")}`;
    const fail = (message: string, fix: string): never => {
      throw new RealmkitError("RK-AZURE-SERVICES-NAME", message, { realm: props.realm, value: service.name, fix });
    };
    if (!/^[a-z][a-z0-9-]*$/.test(service.name))
      fail(
        `service name \`${service.name}\` cannot name a Key Vault secret and a Terraform output`,
        "use lowercase letters, digits and `-`, starting with a letter",
      );
    const clash = byOutput.get(output);
    if (clash !== undefined) fail(`services \`${clash}\` and \`${service.name}\` both map to output ${output}_url`, "rename one of them");
    if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65535) {
      throw new RealmkitError("RK-AZURE-SERVICES-PORT", `service \`${service.name}\` has port ${service.port}`, {
        realm: props.realm,
        value: service.port,
        fix: "use a port from 1 to 65535",
      });
    }
    byOutput.set(output, service.name);
    names.set(service.name, output);
  }
  return names;
}
