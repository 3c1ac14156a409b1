import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { rdsBackupWindow, rdsMaintenanceWindow, type MaintenanceWindow } from "../../lib/model/maintenance";
import { checkRdsSubnetCount } from "./aws-subnet-group";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { AWS_PARTITION, awsManagedPolicyArn } from "../aws-partition";
import type { ManagedDatabaseSpec } from "./index";

export const POSTGRES_PORT = 5432;

/** Tunables of an RDS PostgreSQL instance with production defaults. */
export interface AwsPostgresOptions {
  /**
   * Master user name. Its password is generated and rotated by RDS in Secrets Manager.
   * @default "ibc_admin"
   */
  readonly masterUsername?: string;
  /** Daily backup window, UTC. @default "03:00-04:00" */
  readonly backupWindow?: string;
  /** Weekly maintenance window, UTC; must not overlap the backup window. @default "sun:04:30-sun:05:30" */
  readonly maintenanceWindow?: string;
  /**
   * Enhanced monitoring granularity in seconds (1, 5, 10, 15, 30 or 60); 0 turns it off.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

/** Where an AWS database lives and what it may use; shared by the managed and external forms. */
export interface AwsDatabaseWiring {
  /** Realm key: encrypts storage, Performance Insights, the master secret and external credentials. */
  readonly keyArn: string;
  readonly vpcId: string;
  /** Subnets of the DB subnet group (the database tier, no internet route). */
  readonly subnetIds: string[];
  /** The only address ranges admitted on the PostgreSQL port. */
  readonly clientCidrs: string[];
  /** AWS account id of the realm (scopes the enhanced monitoring role). */
  readonly accountId: string;
  /** Region of the stack (scopes the enhanced monitoring role). */
  readonly region: string;
}

export interface AwsPostgresProps extends AwsPostgresOptions, AwsDatabaseWiring {
  readonly realm: string;
  /** The realm's window (UTC); sets both windows unless `backupWindow`/`maintenanceWindow` name them. */
  readonly maintenance?: MaintenanceWindow;
  readonly spec: ManagedDatabaseSpec;
  readonly deletionProtection: boolean;
}

const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
// gp3 on RDS starts at 20 GiB.
const MIN_STORAGE_GB = 20;

/** RDS PostgreSQL reachable only from the realm's private subnets, encrypted, TLS-only, password managed by RDS. */
export class AwsPostgres extends Construct {
  readonly host: string;
  readonly port = POSTGRES_PORT;
  readonly instanceId: string;
  /** The identifier as a literal, for names RDS derives from it before the instance exists (its log groups). */
  readonly identifierName: string;
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: AwsPostgresProps) {
    super(scope, id);
    const { realm, spec } = props;
    const maxStorageGb = spec.maxStorageGb ?? spec.storageGb * 4;
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    check(props, maxStorageGb, monitoringInterval);
    const major = spec.version.split(".")[0]!;
    const name = (...parts: string[]) => resourceName("aws", "default", realm, ...parts);
    const identifier = resourceName("aws", "dbIdentifier", realm, "postgres");

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: name("postgres"),
      description: `Database subnets of realm ${realm} (no internet route)`,
      subnetIds: props.subnetIds,
    });

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: name("postgres"),
      description: `PostgreSQL of realm ${realm}: admits only the realm private subnets`,
      vpcId: props.vpcId,
      ingress: [
        {
          description: "PostgreSQL from the realm private subnets",
          protocol: "tcp",
          fromPort: POSTGRES_PORT,
          toPort: POSTGRES_PORT,
          cidrBlocks: props.clientCidrs,
        },
      ],
      // Inline and exclusive: a rule added by hand is removed on the next apply. RDS needs no egress.
      egress: [],
    });

    const parameters = new DbParameterGroup(this, "parameters", {
      name: name(`postgres${major}`),
      family: `postgres${major}`,
      description: `PostgreSQL ${major} settings of realm ${realm}: TLS only, connections audited`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
      ],
      // A major upgrade needs the new family's group before the instance can switch to it.
      lifecycle: { createBeforeDestroy: true },
    });

    const monitoringRole = monitoringInterval > 0 ? this.monitoringRole(props) : undefined;

    const db = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      // A major version only: RDS picks the newest minor and keeps upgrading it.
      engineVersion: spec.version,
      autoMinorVersionUpgrade: true,
      instanceClass: spec.sku,
      port: POSTGRES_PORT,
      storageType: "gp3",
      allocatedStorage: spec.storageGb,
      maxAllocatedStorage: maxStorageGb,
      storageEncrypted: true,
      kmsKeyId: props.keyArn,
      username: props.masterUsername ?? "ibc_admin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      multiAz: spec.highAvailability,
      backupRetentionPeriod: spec.backupRetentionDays,
      backupWindow: props.backupWindow ?? (props.maintenance ? rdsBackupWindow(props.maintenance) : "03:00-04:00"),
      maintenanceWindow: props.maintenanceWindow ?? (props.maintenance ? rdsMaintenanceWindow(props.maintenance) : "sun:04:30-sun:05:30"),
      copyTagsToSnapshot: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${identifier}-final`,
      // Protected realms keep their automated backups even after the instance is gone.
      deleteAutomatedBackups: !props.deletionProtection,
      deletionProtection: props.deletionProtection,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.keyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval,
      monitoringRoleArn: monitoringRole?.arn,
      lifecycle: { preventDestroy: props.deletionProtection },
    });

    this.host = db.address;
    this.instanceId = db.identifier;
    this.identifierName = identifier;
    this.masterSecretArn = db.masterUserSecret.get(0).secretArn;
  }

  /** Role RDS assumes to publish OS metrics; confined to this account's instances. */
  private monitoringRole(props: AwsPostgresProps): IamRole {
    const trust = new DataAwsIamPolicyDocument(this, "monitoring-trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${AWS_PARTITION}:rds:${props.region}:${props.accountId}:db:*`] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "monitoring-role", {
      name: resourceName("aws", "iamRole", props.realm, "rds-monitoring"),
      assumeRolePolicy: trust.json,
    });
    new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: role.name,
      policyArn: awsManagedPolicyArn("service-role/AmazonRDSEnhancedMonitoringRole"),
    });
    return role;
  }
}

function check(props: AwsPostgresProps, maxStorageGb: number, monitoringInterval: number): void {
  const { realm, spec } = props;
  const fail = (code: string, message: string, value: unknown, fix: string): never => {
    throw new RealmkitError(code, message, { realm, value, fix });
  };
  if (!/^\d+(\.\d+)?$/.test(spec.version)) {
    fail(
      "RK-AWS-DATABASE-VERSION",
      `PostgreSQL version must look like "16" or "16.4", got "${spec.version}"`,
      spec.version,
      'use the major version, e.g. "16"',
    );
  }
  if (spec.storageGb < MIN_STORAGE_GB) {
    fail(
      "RK-AWS-DATABASE-STORAGE",
      `RDS gp3 storage starts at ${MIN_STORAGE_GB} GB, got ${spec.storageGb}`,
      spec.storageGb,
      `set storageGb to ${MIN_STORAGE_GB} or more`,
    );
  }
  if (maxStorageGb < spec.storageGb) {
    fail(
      "RK-AWS-DATABASE-STORAGE",
      `maxStorageGb (${maxStorageGb}) is below storageGb (${spec.storageGb})`,
      maxStorageGb,
      "raise maxStorageGb or leave it unset (4 × storageGb)",
    );
  }
  if (!MONITORING_INTERVALS.includes(monitoringInterval)) {
    fail(
      "RK-AWS-DATABASE-MONITORING",
      `enhanced monitoring interval must be one of ${MONITORING_INTERVALS.join(", ")}, got ${monitoringInterval}`,
      monitoringInterval,
      "use 60 (default) or 0 to turn it off",
    );
  }
  if (props.clientCidrs.length === 0) {
    fail(
      "RK-AWS-DATABASE-CLIENTS",
      "the database admits no client address range, so nothing could reach it",
      props.clientCidrs,
      "pass the private subnet ranges as clientCidrs",
    );
  }
  checkRdsSubnetCount(props.subnetIds.length, realm);
}
