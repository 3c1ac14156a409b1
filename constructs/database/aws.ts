import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { AwsPostgres, type AwsDatabaseWiring, type AwsPostgresOptions } from "./aws-postgres";
import { databaseChoice, type DatabaseChoice, type DatabaseProps } from "./index";

export interface AwsDatabaseProps extends DatabaseProps, AwsPostgresOptions, AwsDatabaseWiring {}

/** Days a deleted credentials secret stays recoverable. */
const SECRET_RECOVERY_DAYS = 30;

/**
 * The realm's PostgreSQL on AWS: an RDS instance managed by Realmkit, or, for a database run
 * elsewhere, only an encrypted Secrets Manager container for its credentials.
 */
export class AwsDatabase extends Construct {
  /** Which of the two the realm has, as `databaseChoice` decided it. */
  readonly choice: DatabaseChoice;
  readonly host: string;
  readonly port: number;
  /** RDS instance identifier; undefined for an external database. */
  readonly instanceId?: string;
  /** The RDS identifier as a literal (no dependency on the instance); undefined for an external database. */
  readonly identifierName?: string;
  /** Secret holding the credentials: the RDS-managed master secret, or the external one (value set out of band). */
  readonly credentialsSecretArn: string;

  constructor(scope: Construct, id: string, props: AwsDatabaseProps) {
    super(scope, id);
    const choice = databaseChoice(props, "RK-AWS-DATABASE-KIND");
    this.choice = choice;
    if (choice.kind === "managed") {
      const pg = new AwsPostgres(this, "postgres", { ...props, spec: choice.spec });
      this.host = pg.host;
      this.port = pg.port;
      this.instanceId = pg.instanceId;
      this.identifierName = pg.identifierName;
      this.credentialsSecretArn = pg.masterSecretArn;
      return;
    }
    const secret = new SecretsmanagerSecret(this, "credentials", {
      name: resourceName("aws", "default", props.realm, "database", "credentials"),
      description: `Credentials of the external PostgreSQL ${choice.host}:${choice.port} of realm ${props.realm}; value set out of band`,
      kmsKeyId: props.keyArn,
      recoveryWindowInDays: SECRET_RECOVERY_DAYS,
    });
    this.host = choice.host;
    this.port = choice.port;
    this.credentialsSecretArn = secret.arn;
  }
}
