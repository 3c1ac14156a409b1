import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import type { AzureDiagnosticsTarget } from "../azure-scope";
import { AzurePostgres, type AzureDatabaseWiring } from "./azure-postgres";
import { databaseChoice, type DatabaseChoice, type DatabaseProps } from "./index";

export interface AzureDatabaseProps extends DatabaseProps, AzureDatabaseWiring {
  /**
   * NSG of the workload subnet: an external database gets an egress rule on it (the node
   * subnet refuses internet egress on other ports). @default no rule
   */
  readonly clientSecurityGroupName?: string;
  /** Priority of that egress rule. @default 3800 */
  readonly egressRulePriority?: number;
}

/**
 * The realm's PostgreSQL on Azure: a flexible server managed by Realmkit (AzurePostgres), or,
 * for a database run elsewhere, the egress rule to reach it and the name of the Key Vault secret
 * its credentials are expected in. Azure Key Vault cannot hold a secret without a value, so
 * nothing is created for the credentials: the value is set out of band under that name.
 */
export class AzureDatabase extends Construct {
  /** Which of the two the realm has, as `databaseChoice` decided it. */
  readonly choice: DatabaseChoice;
  readonly host: string;
  readonly port: number;
  /** Server resource id; undefined for an external database. */
  readonly serverId?: string;
  /** Key Vault secret name the external database's credentials belong in; undefined for a managed one (Entra ID sign-in). */
  readonly credentialsSecretName?: string;
  /** Client id of the managed server's Entra administrator identity. */
  readonly adminIdentityClientId?: string;
  /** PostgreSQL server logs for the realm workspace. */
  readonly diagnostics: AzureDiagnosticsTarget[];

  constructor(scope: Construct, id: string, props: AzureDatabaseProps) {
    super(scope, id);
    const choice = databaseChoice(props, "RK-AZURE-DATABASE-KIND");
    this.choice = choice;
    if (choice.kind === "managed") {
      const pg = new AzurePostgres(this, "postgres", { ...props, spec: choice.spec });
      this.host = pg.host;
      this.port = 5432;
      this.serverId = pg.serverId;
      this.adminIdentityClientId = pg.adminIdentityClientId;
      this.diagnostics = [{ name: "database", resourceId: pg.serverId, logCategories: ["PostgreSQLLogs"] }];
      return;
    }
    const { host, port } = choice;
    if (props.clientSecurityGroupName) {
      new NetworkSecurityRule(this, "egress", {
        name: `allow-database-${port}-outbound`,
        description: `PostgreSQL ${host}:${port} (external database of realm ${props.realm})`.slice(0, 140),
        networkSecurityGroupName: props.clientSecurityGroupName,
        resourceGroupName: props.resourceGroupName,
        direction: "Outbound",
        access: "Allow",
        priority: props.egressRulePriority ?? 3800,
        protocol: "Tcp",
        sourceAddressPrefix: "VirtualNetwork",
        sourcePortRange: "*",
        // The host is a name whose addresses may change; TLS with the host name pins the peer.
        destinationAddressPrefix: "Internet",
        destinationPortRange: String(port),
      });
    }
    this.host = host;
    this.port = port;
    this.credentialsSecretName = resourceName("azure", "default", props.realm, "database", "credentials");
    this.diagnostics = [];
  }
}
