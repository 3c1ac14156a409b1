import { controlsOf, profilesOf } from "../profiles";
import type { Rule } from "../types";
import awsNodeEgressLimited from "./aws/rk-aws-node-egress-limited";
import gcpFirewallEgressLimited from "./gcp/rk-gcp-firewall-egress-limited";
import azureNsgEgressLimited from "./azure/rk-azure-nsg-egress-limited";
import awsS3DataAccessLogged from "./aws/rk-aws-s3-data-access-logged";
import awsEksNodeMetadataHopLimit from "./aws/rk-aws-eks-node-metadata-hop-limit";
import gcpGcsDataAccessLogged from "./gcp/rk-gcp-gcs-data-access-logged";
import gcpGkeBinaryAuthorization from "./gcp/rk-gcp-gke-binary-authorization";
import gcpSqlPgaudit from "./gcp/rk-gcp-sql-pgaudit";
import azureAksHostEncryption from "./azure/rk-azure-aks-host-encryption";
import azureStorageBlobLogged from "./azure/rk-azure-storage-blob-logged";
import awsDbBackup from "./aws/rk-aws-db-backup";
import awsDbEncrypted from "./aws/rk-aws-db-encrypted";
import awsDbLogs from "./aws/rk-aws-db-logs";
import awsDbMultiAz from "./aws/rk-aws-db-multi-az";
import awsDbNotPublic from "./aws/rk-aws-db-not-public";
import awsDbTls from "./aws/rk-aws-db-tls";
import awsEbsEncrypted from "./aws/rk-aws-ebs-encrypted";
import awsEksControlPlaneLogs from "./aws/rk-aws-eks-control-plane-logs";
import awsEksPrivateEndpoint from "./aws/rk-aws-eks-private-endpoint";
import awsEksSecretsEncrypted from "./aws/rk-aws-eks-secrets-encrypted";
import awsImdsv2 from "./aws/rk-aws-imdsv2";
import awsKmsRotation from "./aws/rk-aws-kms-rotation";
import awsLogGroupEncrypted from "./aws/rk-aws-log-group-encrypted";
import awsLogGroupRetention from "./aws/rk-aws-log-group-retention";
import awsS3Kms from "./aws/rk-aws-s3-kms";
import awsS3PublicAccessBlocked from "./aws/rk-aws-s3-public-access-blocked";
import awsS3TlsOnly from "./aws/rk-aws-s3-tls-only";
import awsS3Versioning from "./aws/rk-aws-s3-versioning";
import awsSecretsCmk from "./aws/rk-aws-secrets-cmk";
import awsSgNoAdminIngress from "./aws/rk-aws-sg-no-admin-ingress";
import awsVpcFlowLogs from "./aws/rk-aws-vpc-flow-logs";
import gcpFirewallNoAdminIngress from "./gcp/rk-gcp-firewall-no-admin-ingress";
import gcpGcsCmek from "./gcp/rk-gcp-gcs-cmek";
import gcpGcsNotPublic from "./gcp/rk-gcp-gcs-not-public";
import gcpGcsVersioning from "./gcp/rk-gcp-gcs-versioning";
import gcpGkeHardening from "./gcp/rk-gcp-gke-hardening";
import gcpGkeNodeMetadata from "./gcp/rk-gcp-gke-node-metadata";
import gcpGkePrivate from "./gcp/rk-gcp-gke-private";
import gcpGkeSecretsEncrypted from "./gcp/rk-gcp-gke-secrets-encrypted";
import gcpKmsRotation from "./gcp/rk-gcp-kms-rotation";
import gcpSqlAuditFlags from "./gcp/rk-gcp-sql-audit-flags";
import gcpSqlBackup from "./gcp/rk-gcp-sql-backup";
import gcpSqlCmek from "./gcp/rk-gcp-sql-cmek";
import gcpSqlPrivate from "./gcp/rk-gcp-sql-private";
import gcpSqlTls from "./gcp/rk-gcp-sql-tls";
import gcpSubnetFlowLogs from "./gcp/rk-gcp-subnet-flow-logs";
import gcpSubnetPrivateGoogleAccess from "./gcp/rk-gcp-subnet-private-google-access";
import azureAksLocalAccounts from "./azure/rk-azure-aks-local-accounts";
import azureAksNetworkPolicy from "./azure/rk-azure-aks-network-policy";
import azureAksPrivate from "./azure/rk-azure-aks-private";
import azureAksSecretsEncrypted from "./azure/rk-azure-aks-secrets-encrypted";
import azureKeyvaultNetworkDeny from "./azure/rk-azure-keyvault-network-deny";
import azureKeyvaultPurgeProtection from "./azure/rk-azure-keyvault-purge-protection";
import azureNsgNoAdminIngress from "./azure/rk-azure-nsg-no-admin-ingress";
import azurePgBackup from "./azure/rk-azure-pg-backup";
import azurePgPrivate from "./azure/rk-azure-pg-private";
import azurePgTls from "./azure/rk-azure-pg-tls";
import azureStorageCmk from "./azure/rk-azure-storage-cmk";
import azureStorageNotPublic from "./azure/rk-azure-storage-not-public";
import azureStorageSecureTransport from "./azure/rk-azure-storage-secure-transport";
import azureStorageSoftDelete from "./azure/rk-azure-storage-soft-delete";
import dataFlowResidency from "./common/rk-data-flow-residency";
import logForwardingResidency from "./common/rk-log-forwarding-residency";
import noSecrets from "./common/rk-no-secrets";
import observabilityCoverage from "./common/rk-observability-coverage";
import observabilityPaging from "./common/rk-observability-paging";
import runtimeConfig from "./common/rk-runtime-config";
import residency from "./common/rk-residency";
import stateBackend from "./common/rk-state-backend";
import statefulDeletionProtection from "./common/rk-stateful-deletion-protection";
import statefulPreventDestroy from "./common/rk-stateful-prevent-destroy";
import suppressionExpired from "./common/rk-suppression-expired";
import suppressionUnknownRule from "./common/rk-suppression-unknown-rule";
import tagsMandatory from "./common/rk-tags-mandatory";

/** A shipped rule with its profiles and controls taken from the profile data files. */
const packed = (rule: Rule): Rule => ({ ...rule, profiles: profilesOf(rule.id), controls: controlsOf(rule.id) });

/** Every rule Realmkit ships, in catalogue order (a test checks each rule file is listed). */
export const ALL_RULES: readonly Rule[] = [
  awsDbBackup,
  awsDbEncrypted,
  awsDbLogs,
  awsDbMultiAz,
  awsDbNotPublic,
  awsDbTls,
  awsEbsEncrypted,
  awsEksControlPlaneLogs,
  awsEksNodeMetadataHopLimit,
  awsEksPrivateEndpoint,
  awsEksSecretsEncrypted,
  awsImdsv2,
  awsKmsRotation,
  awsLogGroupEncrypted,
  awsLogGroupRetention,
  awsNodeEgressLimited,
  awsS3Kms,
  awsS3DataAccessLogged,
  awsS3PublicAccessBlocked,
  awsS3TlsOnly,
  awsS3Versioning,
  awsSecretsCmk,
  awsSgNoAdminIngress,
  awsVpcFlowLogs,
  gcpFirewallEgressLimited,
  gcpFirewallNoAdminIngress,
  gcpGcsCmek,
  gcpGcsDataAccessLogged,
  gcpGcsNotPublic,
  gcpGcsVersioning,
  gcpGkeHardening,
  gcpGkeBinaryAuthorization,
  gcpGkeNodeMetadata,
  gcpGkePrivate,
  gcpGkeSecretsEncrypted,
  gcpKmsRotation,
  gcpSqlAuditFlags,
  gcpSqlBackup,
  gcpSqlCmek,
  gcpSqlPgaudit,
  gcpSqlPrivate,
  gcpSqlTls,
  gcpSubnetFlowLogs,
  gcpSubnetPrivateGoogleAccess,
  azureAksLocalAccounts,
  azureAksHostEncryption,
  azureAksNetworkPolicy,
  azureAksPrivate,
  azureAksSecretsEncrypted,
  azureKeyvaultNetworkDeny,
  azureKeyvaultPurgeProtection,
  azureNsgEgressLimited,
  azureNsgNoAdminIngress,
  azurePgBackup,
  azurePgPrivate,
  azurePgTls,
  azureStorageCmk,
  azureStorageBlobLogged,
  azureStorageNotPublic,
  azureStorageSecureTransport,
  azureStorageSoftDelete,
  dataFlowResidency,
  logForwardingResidency,
  noSecrets,
  observabilityCoverage,
  observabilityPaging,
  runtimeConfig,
  residency,
  stateBackend,
  statefulDeletionProtection,
  statefulPreventDestroy,
  suppressionExpired,
  suppressionUnknownRule,
  tagsMandatory,
].map(packed);
