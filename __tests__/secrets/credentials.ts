/**
 * Fake credentials in their real formats, assembled from parts so that this file itself does not
 * trip a repository secret scanner. Each is what a careless user might paste into a realm file.
 */
const b62 = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5cD7eF9gH2iK4jM6nP8oR0sT2uV4wX6yZ8";
const hex = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978";
const take = (s: string, n: number, from = 0) => s.repeat(4).slice(from, from + n);

function jwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}.${take(b62, 43, 5).replace(/[^A-Za-z0-9]/g, "x")}`;
}

export interface Case {
  readonly name: string;
  readonly key: string;
  readonly value: string;
}

/** Each must be found, under an innocent key name unless the format is only known by its key. */
export const POSITIVES: readonly Case[] = [
  { name: "AWS access key id", key: "note", value: `AKIA${take("Q7RW2XZ5TY3UP6LK", 16)}` },
  { name: "AWS temporary access key id", key: "note", value: `ASIA${take("Z5TY3UP6LKQ7RW2X", 16)}` },
  { name: "AWS secret access key", key: "aws_secret_access_key", value: take(b62, 40, 3).replace(/[^A-Za-z0-9]/g, "/") },
  { name: "AWS secret access key, camelCase key", key: "secretAccessKey", value: take(b62, 40, 7) },
  { name: "GitHub classic token", key: "note", value: `ghp_${take(b62, 36, 1)}` },
  { name: "GitHub fine-grained token", key: "note", value: `github_pat_${take(b62, 22, 2)}_${take(b62, 59, 9)}` },
  { name: "GitHub OAuth token", key: "note", value: `gho_${take(b62, 36, 4)}` },
  { name: "GitLab personal access token", key: "note", value: `glpat-${take(b62, 20, 6)}` },
  { name: "Slack bot token", key: "note", value: `xoxb-${take("1234567890", 12)}-${take("9876543210", 13)}-${take(b62, 24, 8)}` },
  {
    name: "Slack webhook",
    key: "note",
    value: `https://hooks.slack.com/services/T${take("ABCDEFGH12", 8)}/B${take("QRSTUVWX34", 10)}/${take(b62, 24, 3)}`,
  },
  { name: "Stripe live secret key", key: "note", value: `sk_live_${take(b62, 24, 10)}` },
  { name: "Stripe restricted key", key: "note", value: `rk_live_${take(b62, 24, 11)}` },
  { name: "npm token", key: "note", value: `npm_${take(b62, 36, 12)}` },
  { name: "Datadog API key (by key name)", key: "datadogApiKey", value: take(hex, 32) },
  { name: "Datadog application key (by key name)", key: "dd_app_key", value: take(hex, 40, 3) },
  { name: "Datadog application key, spelt out", key: "datadog.application-key", value: take(hex, 40, 5) },
  { name: "PagerDuty API token (by key name)", key: "pagerduty_token", value: `u+${take(b62, 18, 13)}` },
  { name: "PagerDuty integration key (by key name)", key: "pagerdutyIntegrationKey", value: take(hex, 32, 7) },
  {
    name: "PEM RSA private key",
    key: "note",
    value: `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${take(b62, 60, 1)}\n${take(b62, 64, 2)}\n-----END RSA PRIVATE KEY-----\n`,
  },
  {
    name: "PEM private key (PKCS#8)",
    key: "note",
    value: `-----BEGIN PRIVATE KEY-----\nMIIEvQ${take(b62, 58, 3)}\n-----END PRIVATE KEY-----`,
  },
  {
    name: "OpenSSH private key",
    key: "note",
    value: `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${take(b62, 40)}\n-----END OPENSSH PRIVATE KEY-----`,
  },
  { name: "JWT", key: "note", value: jwt({ sub: "1234567890", name: "ops", iat: 1700000000 }) },
  { name: "JWT inside a header value", key: "header", value: `Bearer ${jwt({ sub: "svc" })}` },
  { name: "URL with a password", key: "endpoint", value: "https://admin:Tr0ub4dor-3@db.example.com:5432/app" },
  { name: "database URL with a password", key: "dsn", value: "postgres://app:s3cr3t-pa55@db.internal:5432/ibc" },
  { name: "URL with ?password=", key: "endpoint", value: "https://api.example.com/login?user=ops&password=Hunter2-Hunter2" },
  { name: "URL with ?token=", key: "endpoint", value: "https://api.example.com/feed?token=9f8e7d6c5b4a3210" },
  { name: "URL with ?access_token=", key: "endpoint", value: "https://graph.example.com/me?access_token=EAAB1234abcd5678" },
  {
    name: "Azure SAS URL (sig=)",
    key: "endpoint",
    value: "https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=AbCdEf1234567890%2BxYz%3D",
  },
  {
    name: "S3 presigned URL",
    key: "endpoint",
    value: "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  },
  { name: "ADO connection string", key: "conn", value: "Server=tcp:db.example.com;Database=app;User ID=app;Password=Sup3rS3cret;" },
  {
    name: "Azure storage connection string",
    key: "conn",
    value: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${take(b62, 40, 2)}==;EndpointSuffix=core.windows.net`,
  },
  { name: "password, plain key", key: "password", value: "correct horse battery staple" },
  { name: "password, camelCase", key: "dbPassword", value: "hunter2hunter2" },
  { name: "password, snake_case", key: "db_password", value: "hunter2hunter2" },
  { name: "password, kebab-case", key: "db-password", value: "hunter2hunter2" },
  { name: "password, dotted", key: "db.password", value: "hunter2hunter2" },
  { name: "password, UPPER_SNAKE", key: "DB_PASSWORD", value: "hunter2hunter2" },
  { name: "secret, plain key", key: "secret", value: "s3cr3t-value" },
  { name: "client secret", key: "clientSecret", value: "8Q~abcDEF123ghiJKL456" },
  { name: "client_secret", key: "OAUTH_CLIENT_SECRET", value: "8Q~abcDEF123ghiJKL456" },
  { name: "token, camelCase", key: "authToken", value: "tok-1234567890" },
  { name: "api-key, kebab", key: "api-key", value: "k-1234567890" },
  { name: "apikey, one word", key: "apikey", value: "k-1234567890" },
  { name: "API_KEY, upper", key: "SENDGRID_API_KEY", value: "k-1234567890" },
  { name: "private_key", key: "private_key", value: "not-a-pem-but-private" },
  { name: "privateKey", key: "privateKey", value: "not-a-pem-but-private" },
  { name: "password wrapped in a Terraform string expression", key: "password", value: '${"hunter2hunter2"}' },
  { name: "password wrapped in a Terraform function", key: "password", value: '${base64decode("aHVudGVyMg==")}' },
  { name: "password with an escaped interpolation", key: "password", value: "$${x}hunter2" },
  { name: "token wrapped in spaces and a function", key: "token", value: '${ trimspace( "tok-1234567890" ) }' },
];

/** None of these is a secret; each must pass. */
export const NEGATIVES: readonly Case[] = [
  { name: "role ARN", key: "deployIdentity", value: "arn:aws:iam::123456789012:role/realmkit-deploy" },
  {
    name: "secret ARN under a secret-named key",
    key: "secret",
    value: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:ibc/payments-AbCdEf",
  },
  { name: "secretArn reference", key: "secretArn", value: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:ibc/db" },
  { name: "GCP secret name", key: "dbPassword", value: "projects/ibc-eu1/secrets/db-password" },
  { name: "Key Vault secret URI", key: "clientSecret", value: "https://ibc-kv.vault.azure.net/secrets/client" },
  { name: "password secret name", key: "passwordSecretName", value: "ibc-db-password" },
  { name: "token TTL", key: "tokenTtl", value: "3600s" },
  { name: "password policy", key: "password_policy", value: "strong" },
  { name: "hostname", key: "host", value: "db.eu-central-1.rds.amazonaws.com" },
  { name: "CIDR", key: "cidr", value: "10.40.0.0/16" },
  { name: "AWS account id", key: "account", value: "123456789012" },
  { name: "AWS account id, named", key: "aws_account_id", value: "123456789012" },
  { name: "KMS key ARN", key: "kmsKeyId", value: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
  { name: "base64 of a non-secret", key: "userData", value: Buffer.from("#!/bin/sh\necho hello\n").toString("base64") },
  {
    name: "base64 that starts like a JWT",
    key: "doc",
    value: `${Buffer.from('{"hello":"world"}').toString("base64url")}.abcdefgh.ijklmnop`,
  },
  { name: "URL without credentials", key: "url", value: "https://api.payments.example.com/v1?region=eu&limit=10" },
  { name: "URL with a user but no password", key: "repo", value: "ssh://git@github.com/org/repo.git" },
  { name: "URL with a referenced password", key: "dsn", value: "postgres://${var.user}:${random_password.p.result}@db:5432/app" },
  { name: "password from a reference", key: "password", value: "${random_password.db.result}" },
  { name: "password from a conditional reference", key: "master_password", value: '${var.generate ? random_password.db.result : ""}' },
  { name: "email", key: "alertEmail", value: "platform-alerts@ibc.example.com" },
  { name: "region", key: "region", value: "eu-central-1" },
  { name: "uuid", key: "tenant", value: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
  { name: "empty password", key: "password", value: "" },
  { name: "flag string", key: "secret", value: "true" },
  { name: "masked placeholder", key: "token", value: "****" },
  { name: "sha256 digest", key: "checksum", value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { name: "service account email", key: "planIdentity", value: "realmkit-plan@ibc-eu1.iam.gserviceaccount.com" },
  { name: "key prefix", key: "keyPrefix", value: "realms" },
  { name: "tag with a secret-sounding value", key: "purpose", value: "stores the payments token" },
];
