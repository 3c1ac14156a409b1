import { onlyResource, resourcesOf, synthInventory, type TfJson } from "../helpers/synth";

/**
 * Each cloud's store holds the document, encrypted with the realm key, and Realmkit grants
 * read access to one principal: the application's workload identity, federated to its
 * Kubernetes service account `ibc/ibc-app`.
 */
const stacks = synthInventory(undefined, { backend: "local" }, ["us2", "eu1", "eu2"]);
const ref = (type: string, json: TfJson, attr: string): string => {
  const names = Object.keys(resourcesOf(json, type));
  expect(names).toHaveLength(1);
  return `\${${type}.${names[0]}.${attr}}`;
};

describe("AWS: SSM parameter and an IRSA role", () => {
  const json = stacks["realm-us2"]!;

  test("a SecureString under the realm key at /ibc/<realm>/runtime-config", () => {
    const parameter = onlyResource(json, "aws_ssm_parameter");
    expect(parameter).toMatchObject({
      name: "/ibc/us2/runtime-config",
      type: "SecureString",
      tier: "Intelligent-Tiering",
      key_id: ref("aws_kms_key", json, "arn"),
    });
    expect(JSON.parse(parameter.value).realm).toBe("us2");
  });

  test("the role trusts only the cluster's OIDC provider for ibc/ibc-app, and may read only this parameter", () => {
    const data = json.data!.aws_iam_policy_document!;
    const trust = Object.entries(data).find(([name]) => name.startsWith("runtime-config_trust"))![1];
    expect(trust.statement[0].principals).toEqual([
      { type: "Federated", identifiers: [ref("aws_iam_openid_connect_provider", json, "arn")] },
    ]);
    expect(trust.statement[0].condition).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ test: "StringEquals", values: ["system:serviceaccount:ibc:ibc-app"] }),
        expect.objectContaining({ values: ["sts.amazonaws.com"] }),
      ]),
    );
    const read = Object.entries(data).find(([name]) => name.startsWith("runtime-config_read"))![1];
    const parameterArn = ref("aws_ssm_parameter", json, "arn");
    expect(read.statement).toEqual([
      expect.objectContaining({ actions: ["ssm:GetParameter"], resources: [parameterArn] }),
      expect.objectContaining({
        actions: ["kms:Decrypt"],
        condition: [{ test: "StringEquals", variable: "kms:EncryptionContext:PARAMETER_ARN", values: [parameterArn] }],
      }),
    ]);
  });

  test("the realm key admits SSM as a via-service, so the parameter can be encrypted with it", () => {
    const policy = Object.entries(json.data!.aws_iam_policy_document!).find(([name]) => name.startsWith("keys_policy"))![1];
    const via = policy.statement.find((s: { sid: string }) => s.sid === "AccountPrincipalsUseKeyViaRealmServices");
    expect(via.condition.find((c: { variable: string }) => c.variable === "kms:ViaService").values).toContain(
      "ssm.us-east-2.amazonaws.com",
    );
  });
});

describe("GCP: a regional Secret Manager secret and a workload-identity service account", () => {
  const json = stacks["realm-eu1"]!;

  test("one replica in the realm region under the realm key, with the document as its version", () => {
    const secret = Object.values(resourcesOf(json, "google_secret_manager_secret")).find((s) => s.secret_id === "ibc-eu1-runtime-config")!;
    expect(secret.replication.user_managed.replicas).toEqual([
      { location: "europe-west3", customer_managed_encryption: { kms_key_name: ref("google_kms_crypto_key", json, "id") } },
    ]);
    const version = onlyResource(json, "google_secret_manager_secret_version");
    expect(JSON.parse(version.secret_data).cloud).toEqual({ provider: "gcp", region: "europe-west3", account: "ibc-eu1-prod" });
  });

  test("only the app service account may access it, and only ibc/ibc-app may act as that account", () => {
    const account = Object.entries(resourcesOf(json, "google_service_account")).find(([, a]) => a.account_id === "ibc-eu1-app")!;
    const member = `\${google_service_account.${account[0]}.member}`;
    // The runtime-config secret's grants (the log forwarder's API key secret has its own reader).
    const access = Object.values(resourcesOf(json, "google_secret_manager_secret_iam_member")).filter((m) =>
      String(m.secret_id).includes("google_secret_manager_secret.runtime-config"),
    );
    expect(access).toEqual([expect.objectContaining({ role: "roles/secretmanager.secretAccessor", member })]);
    const impersonation = Object.values(resourcesOf(json, "google_service_account_iam_member")).filter(
      (m) => m.service_account_id === `\${google_service_account.${account[0]}.name}`,
    );
    expect(impersonation).toEqual([
      expect.objectContaining({ role: "roles/iam.workloadIdentityUser", member: "serviceAccount:ibc-eu1-prod.svc.id.goog[ibc/ibc-app]" }),
    ]);
  });
});

describe("Azure: an App Configuration store and a federated managed identity", () => {
  const json = stacks["realm-eu2"]!;

  test("Entra ID only, encrypted with the realm key, purge-protected in prod, the document as a JSON key", () => {
    const store = onlyResource(json, "azurerm_app_configuration");
    expect(store).toMatchObject({
      sku: "standard",
      local_auth_enabled: false,
      purge_protection_enabled: true,
      location: "germanywestcentral",
    });
    expect(store.encryption.key_vault_key_identifier).toMatch(/^\$\{azurerm_key_vault_key\..+\.versionless_id\}$/);
    const key = onlyResource(json, "azurerm_app_configuration_key");
    expect(key).toMatchObject({ key: "ibc/eu2/runtime-config", content_type: "application/json" });
    expect(JSON.parse(key.value).realm).toBe("eu2");
  });

  test("the app identity reads the store and trusts only ibc/ibc-app of the realm cluster", () => {
    const store = ref("azurerm_app_configuration", json, "id");
    const roles = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((r) => r.scope === store);
    expect(roles.map((r) => r.role_definition_name).sort()).toEqual(["App Configuration Data Owner", "App Configuration Data Reader"]);
    const app = Object.entries(resourcesOf(json, "azurerm_user_assigned_identity")).find(([, i]) => i.name === "ibc-eu2-app")!;
    expect(roles.find((r) => r.role_definition_name === "App Configuration Data Reader")!.principal_id).toBe(
      `\${azurerm_user_assigned_identity.${app[0]}.principal_id}`,
    );
    const federation = Object.values(resourcesOf(json, "azurerm_federated_identity_credential")).filter(
      (f) => f.parent_id === `\${azurerm_user_assigned_identity.${app[0]}.id}`,
    );
    expect(federation).toEqual([
      expect.objectContaining({
        subject: "system:serviceaccount:ibc:ibc-app",
        issuer: ref("azurerm_kubernetes_cluster", json, "oidc_issuer_url"),
      }),
    ]);
  });
});
