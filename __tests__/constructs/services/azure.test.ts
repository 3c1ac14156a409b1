import { AzureServices, DEFAULT_SERVICE_ACCOUNT, type AzureServicesProps } from "../../../constructs/services/azure";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";
import { sampleProps } from "../aws-sample";
import { expectTaggedEverywhere, refTo, SCOPE } from "../azure-sample";

const VAULT_ID = "/subscriptions/x/resourceGroups/ibc-eu2-rg/providers/Microsoft.KeyVault/vaults/ibc-eu2-kv";
const ISSUER = "https://germanywestcentral.oic.prod-aks.azure.com/tenant/issuer/";
const base: AzureServicesProps = {
  ...SCOPE,
  ...sampleProps("eu2").services!,
  keyVaultId: VAULT_ID,
  keyVaultName: "ibc-eu2-kv",
  keyVaultUri: "https://ibc-eu2-kv.vault.azure.net/",
  securityGroupName: "ibc-eu2-nodes-nsg",
  oidcIssuerUrl: ISSUER,
};
const synth = (props: Partial<AzureServicesProps> = {}): TfJson =>
  synthConstruct((scope) => new AzureServices(scope, "services", { ...base, ...props }));

describe("AzureServices", () => {
  const json = synth();

  it("opens node egress once per service port, to the internet, in fixed priority order", () => {
    const rules = Object.values(resourcesOf(json, "azurerm_network_security_rule")).map((r) => [
      r.name,
      r.priority,
      r.direction,
      r.access,
      r.protocol,
      r.destination_port_range,
      r.destination_address_prefix,
      r.network_security_group_name,
    ]);
    expect(rules).toEqual([
      ["allow-services-443-outbound", 3000, "Outbound", "Allow", "Tcp", "443", "Internet", "ibc-eu2-nodes-nsg"],
      ["allow-services-9243-outbound", 3001, "Outbound", "Allow", "Tcp", "9243", "Internet", "ibc-eu2-nodes-nsg"],
    ]);
  });

  it("creates no Key Vault secret (a secret cannot exist without a value) but names where each one belongs", () => {
    expect(resourcesOf(json, "azurerm_key_vault_secret")).toEqual({});
    expect(json.output).toMatchObject({
      service_payments_url: { value: "https://eu.api.payments.example.com" },
      service_payments_secret_name: { value: "ibc-eu2-service-payments" },
      service_payments_secret_uri: { value: "https://ibc-eu2-kv.vault.azure.net/secrets/ibc-eu2-service-payments" },
      service_search_url: { value: "https://search.partner.example.eu:9243" },
    });
    expect(json.output!.service_search_secret_name).toBeUndefined();
  });

  it("lets one workload identity read the vault's secrets and nothing else", () => {
    expect(onlyResource(json, "azurerm_user_assigned_identity").name).toBe("ibc-eu2-services");
    expect(onlyResource(json, "azurerm_role_assignment")).toEqual({
      scope: VAULT_ID,
      role_definition_name: "Key Vault Secrets User",
      principal_id: refTo(json, "azurerm_user_assigned_identity", "principal_id"),
      principal_type: "ServicePrincipal",
    });
    expect(json.output!.services_identity_client_id.value).toBe(refTo(json, "azurerm_user_assigned_identity", "client_id"));
  });

  it("federates the identity with the cluster's service account for workload identity", () => {
    expect(onlyResource(json, "azurerm_federated_identity_credential")).toEqual({
      name: "aks-ibc-ibc-services",
      parent_id: refTo(json, "azurerm_user_assigned_identity", "id"),
      resource_group_name: "ibc-eu2-rg",
      issuer: ISSUER,
      subject: `system:serviceaccount:${DEFAULT_SERVICE_ACCOUNT.namespace}:${DEFAULT_SERVICE_ACCOUNT.name}`,
      audience: ["api://AzureADTokenExchange"],
    });
    const custom = synth({ serviceAccount: { namespace: "payments", name: "worker" } });
    expect(onlyResource(custom, "azurerm_federated_identity_credential").subject).toBe("system:serviceaccount:payments:worker");
    expect(resourcesOf(synth({ oidcIssuerUrl: undefined }), "azurerm_federated_identity_credential")).toEqual({});
  });

  it("creates no identity when no service has credentials", () => {
    const plain = synth({ services: base.services.map((s) => ({ ...s, secret: false })) });
    expect(Object.keys(plain.resource!)).toEqual(["azurerm_network_security_rule"]);
  });

  it("rejects names and ports that cannot become secrets, outputs or rules", () => {
    const svc = base.services[0]!;
    expect(() => synth({ services: [{ ...svc, name: "Pay_ments" }] })).toThrow(expect.objectContaining({ code: "RK-AZURE-SERVICES-NAME" }));
    expect(() => synth({ services: [svc, { ...svc, name: "payments" }] })).toThrow(
      expect.objectContaining({ code: "RK-AZURE-SERVICES-NAME" }),
    );
    expect(() => synth({ services: [{ ...svc, port: 70000 }] })).toThrow(
      expect.objectContaining({ code: "RK-AZURE-SERVICES-PORT", value: 70000 }),
    );
  });

  it("tags every resource that takes tags", () => {
    expectTaggedEverywhere(json);
  });
});
