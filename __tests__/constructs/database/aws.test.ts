import { TerraformOutput } from "../../../lib/cdktf";
import { AwsDatabase, type AwsDatabaseProps } from "../../../constructs/database/aws";
import { onlyResource, resourcesOf, synthConstruct, type TfJson } from "../../helpers/synth";

const KEY = "arn:aws:kms:us-east-2:111122223333:key/realm";
const CLIENTS = ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"];
const common = {
  keyArn: KEY,
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  clientCidrs: CLIENTS,
  accountId: "111122223333",
  region: "us-east-2",
};
const prod: AwsDatabaseProps = {
  ...common,
  realm: "us2",
  tier: "prod",
  deletionProtection: true,
  managed: { engine: "postgres", version: "16", sku: "db.r6g.xlarge", storageGb: 100, highAvailability: true, backupRetentionDays: 30 },
};
const dev: AwsDatabaseProps = {
  ...common,
  realm: "dev1",
  tier: "dev",
  deletionProtection: false,
  managed: {
    engine: "postgres",
    version: "16",
    sku: "db.t4g.medium",
    storageGb: 50,
    maxStorageGb: 80,
    highAvailability: false,
    backupRetentionDays: 7,
  },
};
const external: AwsDatabaseProps = {
  ...common,
  realm: "sg1",
  tier: "prod",
  deletionProtection: true,
  external: { host: "pg.partner-sg.example.com", port: 6432 },
};

interface Exposed {
  host: string;
  port: number;
  instanceId?: string;
  secret: string;
}

function synth(props: AwsDatabaseProps): { json: TfJson; exposed: Exposed } {
  let exposed!: Exposed;
  const json = synthConstruct((scope) => {
    const db = new AwsDatabase(scope, "database", props);
    exposed = { host: db.host, port: db.port, instanceId: db.instanceId, secret: db.credentialsSecretArn };
    new TerraformOutput(scope, "host", { value: db.host });
    new TerraformOutput(scope, "secret", { value: db.credentialsSecretArn });
    if (db.instanceId) new TerraformOutput(scope, "instance", { value: db.instanceId });
  });
  return { json, exposed };
}

const nameOf = (json: TfJson, type: string) => {
  const names = Object.keys(resourcesOf(json, type));
  expect(names).toHaveLength(1);
  return `${type}.${names[0]}`;
};

/** Every key anywhere in the JSON that looks like it could carry a password value. */
function passwordKeys(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => passwordKeys(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(/password/i.test(k) && k !== "manage_master_user_password" ? [`${path}.${k}`] : []),
      ...passwordKeys(v, `${path}.${k}`),
    ]);
  }
  return [];
}

describe("AwsDatabase (managed RDS PostgreSQL)", () => {
  const { json, exposed } = synth(prod);
  const db = onlyResource(json, "aws_db_instance");

  it("runs PostgreSQL of the requested major version and size, with storage autoscaling to 4x by default", () => {
    expect(db).toMatchObject({
      identifier: "ibc-us2-postgres",
      engine: "postgres",
      engine_version: "16",
      auto_minor_version_upgrade: true,
      instance_class: "db.r6g.xlarge",
      port: 5432,
      storage_type: "gp3",
      allocated_storage: 100,
      max_allocated_storage: 400,
    });
    expect(onlyResource(synth(dev).json, "aws_db_instance").max_allocated_storage).toBe(80);
  });

  it("encrypts storage, Performance Insights and the master secret with the realm key", () => {
    expect(db).toMatchObject({
      storage_encrypted: true,
      kms_key_id: KEY,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: KEY,
      master_user_secret_kms_key_id: KEY,
    });
  });

  it("lets RDS generate and keep the master password: none appears in the output", () => {
    expect(db.manage_master_user_password).toBe(true);
    expect(db.username).toBe("ibc_admin");
    expect(passwordKeys(json)).toEqual([]);
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(exposed.secret).toBeDefined();
    expect(json.output!.secret.value).toBe(`\${${nameOf(json, "aws_db_instance")}.master_user_secret[0].secret_arn}`);
  });

  it("is reachable only inside the VPC, from the database subnets, with IAM authentication available", () => {
    expect(db.publicly_accessible).toBe(false);
    expect(db.iam_database_authentication_enabled).toBe(true);
    expect(onlyResource(json, "aws_db_subnet_group")).toMatchObject({ name: "ibc-us2-postgres", subnet_ids: common.subnetIds });
    expect(db.db_subnet_group_name).toBe(`\${${nameOf(json, "aws_db_subnet_group")}.name}`);
    expect(db.vpc_security_group_ids).toEqual([`\${${nameOf(json, "aws_security_group")}.id}`]);
  });

  it("admits only the client ranges, only on the PostgreSQL port, and nothing else", () => {
    const sg = onlyResource(json, "aws_security_group");
    expect(sg.vpc_id).toBe(common.vpcId);
    expect(sg.ingress).toEqual([
      {
        description: "PostgreSQL from the realm private subnets",
        protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        cidr_blocks: CLIENTS,
        ipv6_cidr_blocks: null,
        prefix_list_ids: null,
        security_groups: null,
        self: null,
      },
    ]);
    expect(sg.egress).toEqual([]);
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resourcesOf(json, "aws_security_group_rule")).toEqual({});
  });

  it("forces TLS and logs connections through its own parameter group", () => {
    const group = onlyResource(json, "aws_db_parameter_group");
    expect(group).toMatchObject({
      name: "ibc-us2-postgres16",
      family: "postgres16",
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
      ],
      lifecycle: { create_before_destroy: true },
    });
    expect(db.parameter_group_name).toBe(`\${${nameOf(json, "aws_db_parameter_group")}.name}`);
  });

  it("derives the parameter family from the major version when a minor is pinned", () => {
    const pinned = synth({ ...prod, managed: { ...prod.managed!, version: "15.7" } }).json;
    expect(onlyResource(pinned, "aws_db_parameter_group").family).toBe("postgres15");
    expect(onlyResource(pinned, "aws_db_instance").engine_version).toBe("15.7");
  });

  it("keeps backups for the configured days and takes a final snapshot on deletion", () => {
    expect(db).toMatchObject({
      backup_retention_period: 30,
      backup_window: "03:00-04:00",
      maintenance_window: "sun:04:30-sun:05:30",
      copy_tags_to_snapshot: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "ibc-us2-postgres-final",
    });
    expect(onlyResource(synth(dev).json, "aws_db_instance")).toMatchObject({ backup_retention_period: 7, skip_final_snapshot: false });
  });

  it("exports PostgreSQL and upgrade logs to CloudWatch", () => {
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
  });

  it("protects a prod database: Multi-AZ, deletion protection, prevent_destroy, automated backups kept", () => {
    expect(db).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      delete_automated_backups: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("lets a dev database go: single zone, no deletion protection, no prevent_destroy", () => {
    const devDb = onlyResource(synth(dev).json, "aws_db_instance");
    expect(devDb).toMatchObject({
      multi_az: false,
      deletion_protection: false,
      delete_automated_backups: true,
      lifecycle: { prevent_destroy: false },
    });
  });

  it("publishes OS metrics every 60 s through a role only RDS of this account can assume", () => {
    expect(db.monitoring_interval).toBe(60);
    expect(db.monitoring_role_arn).toBe(`\${${nameOf(json, "aws_iam_role")}.arn}`);
    expect(onlyResource(json, "aws_iam_role_policy_attachment").policy_arn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    );
    const trust = Object.values(json.data!.aws_iam_policy_document!)[0]!;
    expect(trust.statement[0].principals).toEqual([{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }]);
    expect(trust.statement[0].condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
      { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:rds:us-east-2:111122223333:db:*"] },
    ]);
  });

  it("creates no monitoring role when enhanced monitoring is off", () => {
    const off = synth({ ...prod, monitoringIntervalSeconds: 0 }).json;
    expect(onlyResource(off, "aws_db_instance").monitoring_interval).toBe(0);
    expect(onlyResource(off, "aws_db_instance").monitoring_role_arn).toBeUndefined();
    expect(resourcesOf(off, "aws_iam_role")).toEqual({});
  });

  it("exposes the endpoint address, port 5432 and the instance identifier", () => {
    const instance = nameOf(json, "aws_db_instance");
    expect(json.output!.host.value).toBe(`\${${instance}.address}`);
    expect(json.output!.instance.value).toBe(`\${${instance}.identifier}`);
    expect(exposed.port).toBe(5432);
  });

  it.each([
    [{ storageGb: 10 }, "RDS gp3 storage starts at 20 GB, got 10"],
    [{ storageGb: 100, maxStorageGb: 50 }, "maxStorageGb (50) is below storageGb (100)"],
    [{ version: "latest" }, 'PostgreSQL version must look like "16" or "16.4", got "latest"'],
  ])("rejects %j", (managed, message) => {
    expect(() => synth({ ...prod, managed: { ...prod.managed!, ...managed } })).toThrow(message);
  });

  it("rejects a database no client could reach, or a subnet group in one zone", () => {
    expect(() => synth({ ...prod, clientCidrs: [] })).toThrow("the database admits no client address range");
    expect(() => synth({ ...prod, subnetIds: ["subnet-a"] })).toThrow("an RDS subnet group needs subnets in at least two zones, got 1");
  });
});

describe("AwsDatabase (external)", () => {
  const { json, exposed } = synth(external);

  it("creates no database, only an encrypted secret container for the credentials, without a value", () => {
    expect(resourcesOf(json, "aws_db_instance")).toEqual({});
    expect(resourcesOf(json, "aws_security_group")).toEqual({});
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(onlyResource(json, "aws_secretsmanager_secret")).toEqual({
      name: "ibc-sg1-database-credentials",
      description: "Credentials of the external PostgreSQL pg.partner-sg.example.com:6432 of realm sg1; value set out of band",
      kms_key_id: KEY,
      recovery_window_in_days: 30,
    });
    expect(passwordKeys(json)).toEqual([]);
  });

  it("connects to the external host and port and points at the secret", () => {
    expect(exposed.host).toBe("pg.partner-sg.example.com");
    expect(exposed.port).toBe(6432);
    expect(exposed.instanceId).toBeUndefined();
    expect(json.output!.secret.value).toBe(`\${${nameOf(json, "aws_secretsmanager_secret")}.arn}`);
  });

  it("rejects props that set both or neither of managed and external", () => {
    expect(() => synth({ ...external, managed: prod.managed })).toThrow("a database is either managed or external, exactly one of the two");
    expect(() => synth({ ...external, external: undefined })).toThrow("exactly one of the two");
  });
});
