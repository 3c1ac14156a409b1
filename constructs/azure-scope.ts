import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "constructs";

/** Where an Azure component lives and what it carries; every Azure construct takes these. */
export interface AzureScopeProps {
  /** Resource group every resource of the component is created in (the realm's group). */
  readonly resourceGroupName: string;
  /** Azure region of the stack, e.g. `germanywestcentral`. */
  readonly location: string;
  /**
   * Realm tags (`realmTags`). Set on every resource that takes tags: Azure has no provider-wide
   * default tags, and policy checks read the synthesized resource.
   */
  readonly tags: Readonly<Record<string, string>>;
}

/** What a component needs to encrypt with the realm key. */
export interface AzureKeyRef {
  /**
   * Versionless key id, `https://<vault>.vault.azure.net/keys/<name>`. Services given the
   * versionless id follow automatic rotations; a versioned id would pin them to a version that
   * the rotation policy later expires.
   */
  readonly keyId: string;
  /** ARM id of the key (versionless): the scope of role assignments that let a service use it. */
  readonly keyResourceId: string;
}

/** The built-in role services need to wrap and unwrap data keys with a customer-managed key. */
export const KEY_ENCRYPTION_ROLE = "Key Vault Crypto Service Encryption User";

/** Copies tags into the mutable map the provider bindings expect. */
export function azureTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return { ...tags };
}

/**
 * Lets a managed identity wrap and unwrap with one key, scoped to that key rather than the
 * vault. Resources encrypted with the key must depend on the returned assignment: Azure checks
 * key access when the resource is created.
 */
export function grantKeyEncryption(scope: Construct, id: string, key: AzureKeyRef, principalId: string): RoleAssignment {
  return new RoleAssignment(scope, id, {
    scope: key.keyResourceId,
    roleDefinitionName: KEY_ENCRYPTION_ROLE,
    principalId,
    // Managed identities are service principals; saying so skips the Entra lookup that fails
    // for an identity created seconds earlier (replication delay).
    principalType: "ServicePrincipal",
  });
}

/** A resource whose logs the realm's Log Analytics workspace collects (AzureObservability). */
export interface AzureDiagnosticsTarget {
  /** Stable short name; part of the diagnostic setting's name and construct id. */
  readonly name: string;
  /** ARM id of the resource. */
  readonly resourceId: string;
  /** Log categories to collect, e.g. `AuditEvent` (Key Vault) or `PostgreSQLLogs`. */
  readonly logCategories: readonly string[];
}

/**
 * Protects a private DNS zone from deletion without freezing its records: a `CanNotDelete` lock
 * on the zone would be inherited by every record set (ExternalDNS, private endpoints and
 * PostgreSQL could no longer remove theirs), while a zone cannot be deleted without its SOA
 * record set, so locking that one alone guards the zone.
 */
export function lockZoneDeletion(scope: Construct, id: string, zoneId: string, notes: string): ManagementLock {
  return new ManagementLock(scope, id, {
    name: "realmkit-do-not-delete",
    scope: `${zoneId}/SOA/@`,
    lockLevel: "CanNotDelete",
    notes: notes.slice(0, 512),
  });
}
