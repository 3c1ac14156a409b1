import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { RealmkitError } from "../../lib/config/errors";
import { resourceName } from "../../lib/model/naming";
import { AwsPostgres, type AwsDatabaseWiring, type AwsPostgresOptions } from "./aws-postgres";
import type { DatabaseProps } from "./index";

export interface AwsDatabaseProps extends DatabaseProps, AwsPostgresOptions, AwsDatabaseWiring {}

/** Days a deleted credentials secret stays recoverable. */
const SECRET_RECOVERY_DAYS = 30;

/**
 * The realm's PostgreSQL on AWS: an RDS instance managed by Realmkit, or, for a database run
 * elsewhere, only an encrypted Secrets Manager container for its credentials.
 */
export class AwsDatabase extends Construct {
  readonly host: string;
  readonly port: number;
  /** RDS instance identifier; undefined for an external database. */
  readonly instanceId?: string;
  /** Secret holding the credentials: the RDS-managed master secret, or the external one (value set out of band). */
  readonly credentialsSecretArn: string;

  constructor(scope: Construct, id: string, props: AwsDatabaseProps) {
    super(scope, id);
    if (props.managed && !props.external) {
      const pg = new AwsPostgres(this, "postgres", { ...props, spec: props.managed });
      this.host = pg.host;
      this.port = pg.port;
      this.instanceId = pg.instanceId;
      this.credentialsSecretArn = pg.masterSecretArn;
      return;
    }
    if (props.external && !props.managed) {
      const secret = new SecretsmanagerSecret(this, "credentials", {
        name: resourceName("aws", "default", props.realm, "database", "credentials"),
        description: `Credentials of the external PostgreSQL ${props.external.host}:${props.external.port} of realm ${props.realm}; value set out of band`,
        kmsKeyId: props.keyArn,
        recoveryWindowInDays: SECRET_RECOVERY_DAYS,
      });
      this.host = props.external.host;
      this.port = props.external.port;
      this.credentialsSecretArn = secret.arn;
      return;
    }
    throw new RealmkitError("RK-AWS-DATABASE-KIND", "a database is either managed or external, exactly one of the two", {
      realm: props.realm,
      value: { managed: props.managed !== undefined, external: props.external !== undefined },
      fix: "set `managed` or `external` in the database props, not both",
    });
  }
}
