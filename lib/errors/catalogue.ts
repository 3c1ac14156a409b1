/**
 * Every error code Realmkit reports, with what it means and how to fix it in general (each
 * error's own `fix` says it for the case at hand). One catalogue: `npm run docs:errors` writes
 * docs/errors.md from it, and __tests__/errors/catalogue.test.ts fails when a code in the
 * source is missing here, a code here is no longer used, or docs/errors.md is stale.
 * Guardrail rule ids (RK-AWS-..., RK-COMMON-...) are not here: docs/guardrails-table.md lists them.
 */
export interface ErrorCodeEntry {
  /** What went wrong, in plain words. */
  readonly meaning: string;
  /** How to fix it, in general. */
  readonly fix: string;
  /**
   * Whether `realmkit validate` reports the code from the realm files alone, before any synth
   * (__tests__/config/validate-codes.test.ts proves each "reports" with a bad inventory). Every
   * RK-CONFIG-* code must say one or the other, so a new one cannot slip past validate unnoticed;
   * `notReported` holds the reason a config-level code legitimately escapes validate.
   */
  readonly validate?: "reports" | { readonly notReported: string };
}

export const ERROR_AREAS: Readonly<Record<string, string>> = {
  CONFIG: "Realm files and the inventory (`realmkit validate` and every command that loads realms)",
  CLI: "Command-line options",
  CHANGED: "Change detection (`realmkit select --since`)",
  FLEET: "Fleet views (`realmkit diff`, `matrix`, `cost`, `docs`)",
  GATE: "The rollout gate (`realmkit gate`)",
  PIPELINE: "Generated pipelines (`realmkit pipeline`)",
  PLAN: "Plan checks (`realmkit plan-check`)",
  POLICY: "Guardrail inputs (`realmkit policy`)",
  ROLLOUT: "Rollouts (`realmkit rollout`)",
  ALLOW: "Destroy allowances (`--allow-destroy`)",
  OUTPUT: "Output folders and files (`--out`, `--plans`): what Realmkit may replace",
  RUNTIME: "Runtime configuration (`realmkit config`)",
  NEW: "Scaffolding a realm file (`realmkit new`)",
  MAINTENANCE: "Maintenance windows (`maintenance:` in realm files and layers)",
  OBSERVABILITY: "The fleet observability stack (Datadog, New Relic, PagerDuty)",
  HEALTH: "Health checks against the aggregator and the clouds' native alarms (`realmkit health`, `gate --monitors`, `--native`)",
  STACK: "Stack synthesis",
  TF: "Running terraform",
  ERRORS: "Several problems at once",
  AWS: "AWS constructs (props a realm file or a consumer's code passed)",
  GCP: "Google Cloud constructs (props a realm file or a consumer's code passed)",
  AZURE: "Azure constructs (props a realm file or a consumer's code passed)",
};

export const ERROR_CODES = {
  "RK-ALLOW-DESTROY-PATTERN": {
    meaning: "An `--allow-destroy` pattern is not a resource address pattern Realmkit can match.",
    fix: "Pass a resource address such as `module.x.aws_db_instance.main`, with `*` globs where needed.",
  },
  "RK-AWS-DATABASE-CLIENTS": {
    meaning: "The RDS database admits no client address range, so nothing could reach it.",
    fix: "Pass the private subnet ranges as `clientCidrs`.",
  },
  "RK-AWS-DATABASE-KIND": {
    meaning: "The database props set both `managed` and `external`, or neither.",
    fix: "Set exactly one of `managed` and `external`.",
  },
  "RK-AWS-DATABASE-MONITORING": {
    meaning: "The RDS enhanced monitoring interval is not one RDS accepts.",
    fix: "Use 60 (the default), another interval RDS lists, or 0 to turn monitoring off.",
  },
  "RK-AWS-DATABASE-STORAGE": {
    meaning: "RDS storage is below the gp3 minimum, or `maxStorageGb` is below `storageGb`.",
    fix: "Raise `database.storageGb` to the minimum; raise `maxStorageGb` or leave it unset (4 × storageGb).",
  },
  "RK-AWS-DATABASE-SUBNETS": {
    meaning: "An RDS subnet group needs subnets in at least two zones.",
    fix: "Give the realm network two or more zones (`network.zones`).",
    validate: "reports",
  },
  "RK-AWS-DATABASE-VERSION": {
    meaning: 'The PostgreSQL version is not a major version ("16") or major.minor ("16.4").',
    fix: 'Write `database.version` as the major version, e.g. "16".',
  },
  "RK-AWS-DNS-RECORD": {
    meaning: "A Route 53 record is defined twice, has no values, or is a CNAME with more than one value.",
    fix: "Give each record a distinct name and the values its type allows.",
  },
  "RK-AWS-KEYS-RANGE": {
    meaning: "A KMS key setting (rotation period, deletion window) is outside what AWS accepts.",
    fix: "Use a value inside the range the message names.",
  },
  "RK-AWS-LOG-RETENTION": {
    meaning: "CloudWatch Logs cannot keep logs for that number of days.",
    fix: "Set `observability.logRetentionDays` to one of the values CloudWatch accepts (the message lists the nearest).",
    validate: "reports",
  },
  "RK-AWS-NETWORK-LAYOUT": {
    meaning: "The network layout has fewer subnets of a tier than there are zones.",
    fix: "Compute the layout with the same zone count as the zones passed in (the AWS profile's networkLayout).",
  },
  "RK-AWS-NETWORK-ZONES": {
    meaning: "The region has no availability zones to place subnets in.",
    fix: "Use a region from the AWS region catalogue (lib/model/providers/aws.ts), which lists its zones.",
  },
  "RK-AWS-SERVICES-NAME": {
    meaning: "A service name cannot name a Terraform output, or two services map to the same output.",
    fix: "Use letters, digits, `-` and `_`, starting with a letter, and names that stay distinct.",
  },
  "RK-AWS-SERVICES-PORT": { meaning: "A service port is outside 1 to 65535.", fix: "Use a port from 1 to 65535." },
  "RK-AZURE-CLUSTER-POOLS": {
    meaning: "The AKS cluster has no node pools, or a pool uses a name reserved for the system pool.",
    fix: "Add at least one entry to `cluster.nodePools`, named other than `system`/`systemtmp`.",
    validate: "reports",
  },
  "RK-AZURE-CLUSTER-SERVICE-CIDR": {
    meaning: "The AKS service range is not an IPv4 network of /24 or larger.",
    fix: "Use the layout's `extra.aksServices` range.",
  },
  "RK-AZURE-DATABASE-KIND": {
    meaning: "The database props set both an external database and managed fields, or neither.",
    fix: "Set either `database.external` or the managed database fields, not both.",
  },
  "RK-AZURE-DATABASE-RANGE": {
    meaning: "Azure PostgreSQL keeps backups for 7 to 35 days only.",
    fix: "Set `database.backupRetentionDays` between 7 and 35.",
    validate: "reports",
  },
  "RK-AZURE-DATABASE-STORAGE": {
    meaning: "`database.storageGb` exceeds the largest Azure PostgreSQL disk (32767 GiB).",
    fix: "Set `database.storageGb` to 32767 or less.",
    validate: "reports",
  },
  "RK-AZURE-DNS-RECORD": {
    meaning: "An Azure DNS record is defined twice, has no values, or is a CNAME with more than one value.",
    fix: "Give each record a distinct name and the values its type allows.",
  },
  "RK-AZURE-KEYS-RANGE": {
    meaning: "A Key Vault key setting (rotation period, soft-delete retention) is outside what Azure accepts.",
    fix: "Use a value inside the range the message names.",
  },
  "RK-AZURE-NETWORK-LAYOUT": {
    meaning: "The Azure network layout lacks a range the Azure network needs.",
    fix: "Compute the layout with the azure profile's networkLayout (lib/model/providers/azure.ts).",
  },
  "RK-AZURE-SERVICES-NAME": {
    meaning: "A service name cannot name a Key Vault secret and a Terraform output, or two services map to one.",
    fix: "Use lowercase letters, digits and `-`, starting with a letter, and names that stay distinct.",
  },
  "RK-AZURE-SERVICES-PORT": { meaning: "A service port is outside 1 to 65535.", fix: "Use a port from 1 to 65535." },
  "RK-AZURE-STORAGE-NAME": {
    meaning: "A bucket name is not a valid Azure blob container name.",
    fix: "Use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
    validate: "reports",
  },
  "RK-CHANGED-NO-GIT": { meaning: "git was not found on PATH; change detection compares git revisions.", fix: "Install git." },
  "RK-CHANGED-NO-REALMS": {
    meaning: "The realm folder does not exist.",
    fix: "Pass `--realms DIR` with the inventory folder inside a git repository.",
  },
  "RK-CHANGED-NOT-A-REPO": {
    meaning: "The folder is not inside a git repository.",
    fix: "Run in a git clone of the repository that holds the realms.",
  },
  "RK-CHANGED-OUTSIDE-REPO": {
    meaning: "The realm folder is not inside the git repository whose history is compared.",
    fix: "Keep the inventory inside that repository.",
  },
  "RK-CHANGED-SYNTH": {
    meaning: "The compared revision could not be synthesized (no cdktf.json, no `app`, or its app failed).",
    fix: "Compare against a revision of a Realmkit repository, or fix that revision's inventory or code.",
  },
  "RK-CHANGED-UNKNOWN-REF": {
    meaning: "The git revision given to `--since` is not a commit in the repository.",
    fix: "Pass a commit, branch or tag that exists locally; in CI fetch the history (actions/checkout with fetch-depth: 0).",
  },
  "RK-CLI-BAD-OPTION": {
    meaning: "A command-line option has a value the command does not accept, or options that cannot go together.",
    fix: "Use a value the message lists; `realmkit <command> --help` shows every option.",
  },
  "RK-CLI-UNKNOWN-PATH": {
    meaning: "The realm has no value at the configuration path asked for.",
    fix: "Run `realmkit explain <realm>` to see every path it has.",
  },
  "RK-CLI-UNKNOWN-REALM": { meaning: "No realm of that id is in the inventory.", fix: "Run `realmkit list` to see the realms." },
  "RK-CONFIG-CIDR": {
    meaning: "`network.cidr` is not a valid IPv4 network (the address must start its block).",
    fix: "Write a network such as 10.20.0.0/16.",
    validate: "reports",
  },
  "RK-CONFIG-CIDR-OVERLAP": {
    meaning: "Two realms in the same account have overlapping networks.",
    fix: "Give realms that share an account disjoint networks, so they can be peered later.",
    validate: "reports",
  },
  "RK-CONFIG-CIDR-SIZE": {
    meaning: "The network is too small for the subnets of its zones.",
    fix: "Use a larger network (a /16 or /20) or fewer zones.",
    validate: "reports",
  },
  "RK-CONFIG-DUPLICATE-CLOUD": {
    meaning: "A provider is listed twice in `clouds`; a realm has one stack per provider.",
    fix: "List each provider once.",
    validate: "reports",
  },
  "RK-CONFIG-DUPLICATE-KEY": { meaning: "A key appears twice in the same YAML map.", fix: "Keep one of the two.", validate: "reports" },
  "RK-CONFIG-DUPLICATE-REALM": {
    meaning: "Two files define the same realm id.",
    fix: "Keep one of the files: delete or rename the other.",
    validate: "reports",
  },
  "RK-CONFIG-DUPLICATE-SECRET": {
    meaning:
      "Two realms that forward logs would create the Datadog API key secret under one name in the same AWS account and region or GCP project.",
    fix: "Give one of them its own `observability.datadog.apiKeySecretName`.",
    validate: "reports",
  },
  "RK-CONFIG-DUPLICATE-ZONE": {
    meaning: "Two realms use the same DNS zone.",
    fix: "Give each realm its own `dns.zone`.",
    validate: "reports",
  },
  "RK-CONFIG-EMPTY": {
    meaning: "The realm file is empty.",
    fix: "Add the realm's keys (docs/realm-file.md) or delete the file.",
    validate: "reports",
  },
  "RK-CONFIG-ENCODING": { meaning: "The file is not valid UTF-8.", fix: "Save the file as UTF-8.", validate: "reports" },
  "RK-CONFIG-FLEET-STATE": {
    meaning:
      "`observability.fleetState` (the fleet-observability stack's one state) is set, changed or removed outside realms/_defaults.yaml, or differs between realms.",
    fix: "Set `observability.fleetState` once in realms/_defaults.yaml and remove it from layers and realm files.",
    validate: "reports",
  },
  "RK-CONFIG-INVALID-KEY": {
    meaning: "A key is not allowed at that place of the realm file.",
    fix: "Remove or rename the key (docs/realm-file.md lists the keys).",
    validate: "reports",
  },
  "RK-CONFIG-INVALID-VALUE": {
    meaning: "A value breaks a rule of the realm file (range, pattern, list rules, or a rule across fields).",
    fix: "Change the value as the message says; docs/realm-file.md describes each field.",
    validate: "reports",
  },
  "RK-CONFIG-LAYER-CYCLE": {
    meaning: "Layers extend each other in a cycle.",
    fix: "Remove one `extends` entry of the cycle the message shows.",
    validate: "reports",
  },
  "RK-CONFIG-MISSING-KEY": {
    meaning: "A required key is missing (from the realm file and every layer it inherits).",
    fix: "Add the key in the realm file or a layer it extends.",
    validate: "reports",
  },
  "RK-CONFIG-NO-INVENTORY": {
    meaning: "The realms folder does not exist or is not a folder.",
    fix: "Pass `--realms DIR` (or set REALMKIT_REALMS) to the folder holding your realm files.",
    validate: "reports",
  },
  "RK-CONFIG-NO-STATE": {
    meaning: "No remote state settings exist for a provider the realm uses.",
    fix: "Add `state.<provider>` to realms/_defaults.yaml or the realm file.",
    validate: "reports",
  },
  "RK-CONFIG-NOT-A-FILE": {
    meaning: "An inventory entry is not a regular file (a folder, socket or device).",
    fix: "Keep only regular YAML files in the inventory; remove or rename the entry.",
    validate: "reports",
  },
  "RK-CONFIG-NOT-A-MAP": {
    meaning: "The file does not hold a mapping of keys to values.",
    fix: "Write `key: value` lines at the top level, starting with `realm: <id>`.",
    validate: "reports",
  },
  "RK-CONFIG-OUTSIDE-INVENTORY": {
    meaning: "An inventory file is a link to a file outside the inventory.",
    fix: "Copy the file into the realms folder instead of linking to it.",
    validate: "reports",
  },
  "RK-CONFIG-READ": {
    meaning: "An inventory file cannot be read.",
    fix: "Check the path and the file's permissions.",
    validate: "reports",
  },
  "RK-CONFIG-REALM-ID": {
    meaning: "The `realm:` id does not match the file name.",
    fix: "Make `realm:` and the file name (without .yaml) the same.",
    validate: "reports",
  },
  "RK-CONFIG-RESIDENCY": {
    meaning: "A cloud region lies outside the realm's residency.",
    fix: "Choose a region inside the residency, or correct `residency`.",
    validate: "reports",
  },
  "RK-CONFIG-SECRET": {
    meaning: "A realm value holds a credential: a vendor token, a private key, a JWT, a URL password, or a value under a secret-named key.",
    fix: "Keep the credential in the cloud's secret store and reference it (`services.<name>.secret: true`); never write it into realm files.",
    validate: "reports",
  },
  "RK-CONFIG-SERVICE-URL": {
    meaning: "A service URL is not a valid https URL or carries credentials.",
    fix: "Write a plain https URL; keep credentials out of it and mark the service `secret: true`.",
    validate: "reports",
  },
  "RK-CONFIG-SUPPRESSION": {
    meaning: "A suppression ends too far ahead, sets its own bound, or waives a secret or residency rule realm-wide or by a wildcard.",
    fix: "Set `expires` within `policy.suppressionMaxDays` (180 by default), give `approvedBy` and `reason`, and name the one resource for secret and residency rules.",
    validate: "reports",
  },
  "RK-CONFIG-TEMPLATE": {
    meaning: "A `cloudDefaults` value uses a placeholder Realmkit does not fill in.",
    fix: "Use only the placeholders the message lists ({account}, {realm}, {region}, {residency}).",
    validate: "reports",
  },
  "RK-CONFIG-TOO-LARGE": {
    meaning: "An inventory file exceeds the size cap.",
    fix: "Split shared values into _layers/ or remove what does not belong in a realm file.",
    validate: "reports",
  },
  "RK-CONFIG-UNKNOWN-KEY": {
    meaning: "A key is not one Realmkit knows (often a typo).",
    fix: "Use the key the message suggests, or remove it.",
    validate: "reports",
  },
  "RK-CONFIG-UNKNOWN-LAYER": {
    meaning: "A layer named in `extends` does not exist or is not a plain name.",
    fix: "Name a file of _layers/ (without .yaml).",
    validate: "reports",
  },
  "RK-CONFIG-UNKNOWN-REGION": {
    meaning: "The region is not one Realmkit knows for that provider.",
    fix: "Use the region the message suggests, or one from lib/model/providers/<cloud>.ts.",
    validate: "reports",
  },
  "RK-CONFIG-UNKNOWN-RESIDENCY": {
    meaning: "The residency key is not one Realmkit knows.",
    fix: "Use the residency the message suggests.",
    validate: "reports",
  },
  "RK-CONFIG-WRONG-TYPE": {
    meaning: "A value has the wrong type (a string where a number belongs, a map where a list belongs).",
    fix: "Write the value as the type the message names.",
    validate: "reports",
  },
  "RK-CONFIG-YAML": {
    meaning: "The file is not valid YAML, or uses a YAML feature Realmkit refuses (aliases, tags, several documents).",
    fix: "Fix the YAML at the position shown (indentation, quotes, a missing `:`).",
    validate: "reports",
  },
  "RK-CONFIG-ZONES": {
    meaning: "`network.zones` asks for more zones than the region has.",
    fix: "Lower `network.zones` to the region's zone count.",
    validate: "reports",
  },
  "RK-ERRORS": { meaning: "Several problems were found at once (each is listed with its own code).", fix: "Fix each listed problem." },
  "RK-FLEET-BAD-STACK": {
    meaning: "A synthesized stack file is not valid JSON.",
    fix: "Run `realmkit synth` again to rewrite the synthesized stacks.",
  },
  "RK-FLEET-DOCS-FOREIGN": {
    meaning: "The docs folder holds files `realmkit docs` did not generate, which it never replaces.",
    fix: "Move those files away, or pass another `--out` folder.",
  },
  "RK-FLEET-DOCS-NAME": {
    meaning: "A realm called `index` would overwrite the docs index page.",
    fix: "Rename the realm (its file and `realm:`).",
  },
  "RK-FLEET-DOCS-OUT": {
    meaning: "`--out` names a file, not a folder.",
    fix: "Pass a folder for the generated docs, e.g. `--out docs/realms`.",
  },
  "RK-FLEET-FLOW-TO-SELF": {
    meaning: "A data flow goes to the realm itself.",
    fix: "Name the other realm or region the data goes to.",
    validate: "reports",
  },
  "RK-FLEET-NOT-SYNTHESIZED": {
    meaning: "A stack the command needs has not been synthesized into the stacks folder.",
    fix: "Run `realmkit synth --out <folder>` first, or pass `--stacks` with the folder it wrote.",
  },
  "RK-FLEET-UNKNOWN-DESTINATION": {
    meaning: "A data flow goes to something that is neither a realm, a known region, a residency key nor `internet`.",
    fix: "Name another realm (us2), a region (us-east-1 or gcp:europe-west3), a residency key (eu) or internet.",
    validate: "reports",
  },
  "RK-FLEET-UNKNOWN-FACET": {
    meaning: "`intended:` names a facet the matrix does not compare.",
    fix: "Use one of the facets the message lists.",
    validate: "reports",
  },
  "RK-FLEET-UNKNOWN-REALM": { meaning: "No realm of that id is in the inventory.", fix: "Use one of the realm ids the message lists." },
  "RK-GATE-NO-RESULTS": {
    meaning: "The results folder holds no check results.",
    fix: "Download the verify jobs' artifacts into that folder first.",
  },
  "RK-GCP-CLUSTER-PODS": {
    meaning: "The pod range cannot hold the node pools' maximum nodes.",
    fix: "Lower the node pools' `max`, or give the realm a larger network (the pod range is half of it).",
    validate: "reports",
  },
  "RK-GCP-CLUSTER-POOLS": {
    meaning: "The GKE cluster has no node pool, or a pool has min above max or a max of 0.",
    fix: "Add at least one entry to `cluster.nodePools`, each with 0 ≤ min ≤ max and max ≥ 1.",
  },
  "RK-GCP-DATABASE-BACKUPS": {
    meaning: "Cloud SQL keeps a limited number of daily backups.",
    fix: "Set `database.backupRetentionDays` inside the range the message names.",
  },
  "RK-GCP-DATABASE-KIND": {
    meaning: "The database props set both `managed` and `external`, or neither.",
    fix: "Set exactly one of `managed` and `external`.",
  },
  "RK-GCP-DATABASE-NETWORK": {
    meaning: "A managed Cloud SQL instance needs the realm network for its private address.",
    fix: "Pass `network` from GcpNetwork (networkId, privateServiceAccessRangeName, privateServiceAccess).",
  },
  "RK-GCP-DATABASE-STORAGE": {
    meaning: "Cloud SQL storage is below the SSD minimum, or the storage limit is below the size.",
    fix: "Raise `database.storageGb` to the minimum, or the limit above the size.",
  },
  "RK-GCP-DATABASE-TIER": {
    meaning: "The machine tier is not a Cloud SQL PostgreSQL tier Realmkit supports.",
    fix: "Use a size from the GCP profile's catalogue (small, medium, large, ...).",
    validate: "reports",
  },
  "RK-GCP-DATABASE-VERSION": {
    meaning: "Cloud SQL takes a PostgreSQL major version only.",
    fix: 'Write `database.version` as the major version, e.g. "16".',
  },
  "RK-GCP-DATABASE-WINDOW": {
    meaning: "The backup start time or maintenance window is not one Cloud SQL accepts.",
    fix: 'Use a whole hour such as "03:00" (UTC).',
  },
  "RK-GCP-DNS-RECORD": {
    meaning: "A Cloud DNS record is defined twice, has no values, or is a CNAME with more than one value.",
    fix: "Give each record a distinct name and the values its type allows.",
  },
  "RK-GCP-KEYS-INVALID": {
    meaning: "A Cloud KMS key setting (rotation period, destroy delay, project number) is invalid.",
    fix: "Use a value inside the range the message names, and the project's numeric id.",
  },
  "RK-GCP-KEYS-NOT-GRANTED": {
    meaning: "A Google service agent that must use the realm key has no grant on it.",
    fix: "Add the agent to the `serviceAgents` of GcpKeys.",
  },
  "RK-GCP-LOG-RETENTION": {
    meaning: "Cloud Logging cannot keep logs for that number of days.",
    fix: "Set `observability.logRetentionDays` inside the range the message names.",
    validate: "reports",
  },
  "RK-GCP-NETWORK-LAYOUT": {
    meaning: "The GCP network layout lacks a range the network needs.",
    fix: "Compute the layout with the gcp profile (profiles.gcp.networkLayout).",
  },
  "RK-GCP-NETWORK-SAMPLING": {
    meaning: "The flow log sampling share is not above 0 and at most 1.",
    fix: "Use a share such as 0.5 (half the flows) or 1 (all flows).",
  },
  "RK-GCP-OBSERVABILITY": {
    meaning: "Observability props are incomplete or out of range (no alert e-mail address, an alert threshold outside its range).",
    fix: "Add at least one address to `observability.alertEmails`; use thresholds inside the ranges the message names.",
    validate: "reports",
  },
  "RK-GCP-SERVICES-NAME": {
    meaning: "A service name cannot name a Secret Manager secret and an output, or two services map to one.",
    fix: "Use lowercase letters, digits and `-`, starting with a letter, and names that stay distinct.",
  },
  "RK-GCP-SERVICES-PORT": { meaning: "A service port is outside 1 to 65535.", fix: "Use a port from 1 to 65535." },
  "RK-GCP-STORAGE-DUPLICATE": { meaning: "A bucket is listed twice.", fix: "List each logical bucket name once." },
  "RK-GCP-STORAGE-SOFT-DELETE": {
    meaning: "The soft-delete period is outside what Cloud Storage accepts.",
    fix: "Use 0 or a whole number of days inside the range the message names.",
  },
  "RK-HEALTH-NO-KEYS": {
    meaning: "`realmkit health` found no Datadog API and application key for a site it must ask.",
    fix: "Export `DD_API_KEY` and `DD_APP_KEY` (or the per-site `DD_API_KEY_<SITE>` / `DD_APP_KEY_<SITE>`); the application key needs `monitors_read`.",
  },
  "RK-HEALTH-NO-AWS-CREDENTIALS": {
    meaning:
      "`realmkit health --native` (or `gate`/`rollout --native`) must read a realm's CloudWatch alarms and found no AWS credentials in the environment.",
    fix: "Export `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN` for temporary credentials), e.g. `eval $(aws configure export-credentials --format env)`; they need `cloudwatch:DescribeAlarms` in the realm's account.",
  },
  "RK-HEALTH-NO-AZURE-TOKEN": {
    meaning: "`realmkit health --native` must read a realm's Azure Monitor alerts and found no `AZURE_ACCESS_TOKEN` in the environment.",
    fix: "Put the output of `az account get-access-token --resource https://management.azure.com --query accessToken -o tsv` in `AZURE_ACCESS_TOKEN` (valid about an hour; Monitoring Reader on the subscription suffices).",
  },
  "RK-HEALTH-NO-GCP-TOKEN": {
    meaning:
      "`realmkit health --native` must read a realm's Cloud Monitoring alerts and found no `GOOGLE_OAUTH_ACCESS_TOKEN` in the environment.",
    fix: "Put the output of `gcloud auth print-access-token` in `GOOGLE_OAUTH_ACCESS_TOKEN` (valid about an hour; `roles/monitoring.viewer` on the project suffices).",
  },
  "RK-MAINTENANCE-WINDOW": {
    meaning: "A maintenance window has no valid day (sun..sat), start (HH:MM) or length in hours.",
    fix: 'Write e.g. `maintenance: { day: sun, start: "03:00", hours: 4 }` in the realm\'s local time.',
  },
  "RK-NEW-BAD-REQUEST": {
    meaning:
      "`realmkit new` was asked for a realm it cannot write: a taken or malformed id, an unknown provider, region, tier or `--like` realm, or a missing account.",
    fix: "Follow the suggestion in the message (did-you-mean, the accepted values) and run `realmkit new` again; nothing was written.",
  },
  "RK-OBSERVABILITY-AZURE-APP": {
    meaning: "A realm sends Azure metrics to the aggregator but names no tenant or app registration for it to read with.",
    fix: "Set the app registration's client id under `observability.datadog` (or `observability.newrelic`) and `tenant` on the azure cloud entry.",
  },
  "RK-OBSERVABILITY-LOG-RESIDENCY": {
    meaning: "The fleet stack forwards a realm's logs to an aggregator site outside the realm's residency.",
    fix: "Use a site inside the residency (e.g. `datadoghq.eu` for EU realms) or turn log forwarding off for the realm.",
  },
  "RK-OBSERVABILITY-NEWRELIC-ACCOUNT": {
    meaning: "A realm sends metrics to New Relic but names no New Relic account.",
    fix: "Set `observability.newrelic.accountId`.",
  },
  "RK-OBSERVABILITY-SITE": {
    meaning: "The realm names a Datadog site Realmkit has no integration account for.",
    fix: "Use a site Realmkit lists (datadoghq.com, us3, us5, datadoghq.eu, ap1), or add it to `lib/observability/sites.ts`.",
  },
  "RK-OUTPUT-LOCK": {
    meaning: "The output folder could not be locked for writing.",
    fix: "Check that the folder above it exists and is writable.",
  },
  "RK-OUTPUT-LOCKED": {
    meaning: "Another Realmkit run is writing the same output folder.",
    fix: "Wait for it, or pass another output folder; remove the lock if no such process runs (REALMKIT_OUTPUT_LOCK_WAIT=SECONDS sets how long to wait).",
  },
  "RK-OUTPUT-LOCK-LOST": {
    meaning: "Another run took over the output folder's lock while this one was writing.",
    fix: "Re-run once the other run finished.",
  },
  "RK-OUTPUT-NO-REALMS": {
    meaning: "The inventory holds no realm, so the output would be emptied; it is left unchanged.",
    fix: "Pass `--realms` with the folder that holds the realm files (realms/*.yaml).",
  },
  "RK-OUTPUT-UNSAFE": {
    meaning: "The output path is one Realmkit must not replace (empty, the inventory, a folder of other files or another kind of output).",
    fix: "Pass an output path of its own, as the message suggests.",
  },
  "RK-PIPELINE-BAD-OPTION": {
    meaning: "A pipeline option is not a plain name (it would reach the generated YAML or a shell).",
    fix: "Use letters, digits, `.`, `_`, `-` and `/` only.",
  },
  "RK-PIPELINE-NO-IDENTITY": {
    meaning: "A cloud entry has no plan or deploy identity, so CI cannot get credentials for it.",
    fix: "Add `planIdentity`/`deployIdentity` to the cloud entry or to `cloudDefaults`.",
    validate: "reports",
  },
  "RK-PIPELINE-NOT-OURS": {
    meaning: "The pipeline file exists and was not generated by Realmkit, so it is not replaced.",
    fix: "Move it away, or pass `--out` with another file name.",
  },
  "RK-PIPELINE-RECORD": {
    meaning: "The options recorded in a generated pipeline file cannot be read.",
    fix: "Regenerate the file with `npx realmkit pipeline <system>` and the options you want.",
  },
  "RK-PLAN-CHECK-NO-PLANS": {
    meaning: "The results folder holds no recorded plan.",
    fix: "Download the plan jobs' artifacts into that folder.",
  },
  "RK-PLAN-NOT-A-PLAN": {
    meaning: "The input is not `terraform show -json` output of a saved plan.",
    fix: "Run `terraform plan -out plan.bin && terraform show -json plan.bin > plan.json` and pass plan.json.",
  },
  "RK-PLAN-READ": { meaning: "The plan JSON file cannot be read or parsed.", fix: "Pass the output of `terraform show -json plan.bin`." },
  "RK-POLICY-NOT-TERRAFORM": {
    meaning: "The file is neither Terraform JSON configuration nor `terraform show -json` output.",
    fix: "Pass a cdk.tf.json, or run `terraform show -json PLAN > plan.json` and pass plan.json.",
  },
  "RK-POLICY-READ": {
    meaning: "A stack or plan file to check does not exist, cannot be read, or a folder holds none.",
    fix: "Pass a cdk.tf.json, a plan JSON file, or a cdktf.out folder (run `realmkit synth` first).",
  },
  "RK-ROLLOUT-DESTRUCTIVE": {
    meaning: "The wave's plans destroy stateful resources (databases, buckets, keys).",
    fix: "If the data loss is intended, pass `--allow-destroy ADDRESS` (globs allowed) for each; otherwise change the realm so the resource is updated in place.",
  },
  "RK-ROLLOUT-EMPTY-WAVE": {
    meaning: "No realm is in the wave asked for, so nothing would be applied.",
    fix: "Run `realmkit rollout` to see the waves.",
  },
  "RK-ROLLOUT-NO-PLAN": {
    meaning: "A stack has no saved plan (or no plan JSON beside it) to apply.",
    fix: "Re-run `realmkit plan` for the wave.",
  },
  "RK-ROLLOUT-OFFLINE-PLAN": {
    meaning: "The saved plan was made with `--offline` (local state, dummy credentials) and says nothing about the real cloud.",
    fix: "Plan again without `--offline`.",
  },
  "RK-ROLLOUT-OUTSIDE-WINDOW": {
    meaning: "With `--hold-restarts`, the wave's plans restart or replace serving resources outside their realms' maintenance windows.",
    fix: "Run the rollout inside the window (each line gives the time), or drop `--hold-restarts` if the interruption is accepted now.",
  },
  "RK-ROLLOUT-PLAN-TOO-OLD": {
    meaning: "The saved plan is older than the rollout accepts.",
    fix: "Plan again, then apply (the limit is `rollout.maxPlanAgeHours` in _defaults.yaml, or `--max-plan-age HOURS`).",
  },
  "RK-ROLLOUT-PLAN-UNRECORDED": {
    meaning: "The saved plan has no readable plan record, so its origin and age are unknown.",
    fix: "Plan again with `realmkit plan`.",
  },
  "RK-ROLLOUT-STACK-CHANGED": {
    meaning: "The stack changed since the plan was made (or the inventory no longer has it).",
    fix: "Plan again, so what is applied is what was reviewed.",
  },
  "RK-ROLLOUT-UNKNOWN-REALM": {
    meaning: "A realm or stack id asked for is not in the inventory.",
    fix: "Use a realm id or stack id from `realmkit list`.",
  },
  "RK-RUNTIME-ENV-CLASH": {
    meaning: "Two runtime settings map to the same environment variable name.",
    fix: "Rename one so they differ in more than case and punctuation, or use `--format json`.",
    validate: "reports",
  },
  "RK-STACK-UNSUPPORTED-PROVIDER": {
    meaning: "No stack kit exists for the provider.",
    fix: "Use a provider Realmkit supports: aws, gcp, azure.",
  },
  "RK-TF-INIT-LOCK": {
    meaning: "The shared terraform plugin cache could not be locked for `terraform init`, or another init held it too long.",
    fix: "Wait for the other init, or remove a stale .realmkit-init.lock folder if no such process runs; give each machine its own cache (TF_PLUGIN_CACHE_DIR).",
  },
  "RK-TF-MISSING": {
    meaning: "The terraform executable cannot be run.",
    fix: "Install terraform (>= 1.5) on PATH, or set REALMKIT_TERRAFORM to its path.",
  },
} as const satisfies Readonly<Record<string, ErrorCodeEntry>>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Guardrail rules that `realmkit validate` also reports from the realm files alone (they read
 * suppressions, data flows and runtime settings, not a synthesized stack). Their ids live in the
 * rule catalogue (lib/policy/rules), not in ERROR_CODES, so they are named here.
 */
export const VALIDATED_RULE_IDS: readonly string[] = [
  "RK-SUPPRESSION-UNKNOWN-RULE",
  "RK-SUPPRESSION-EXPIRED",
  "RK-DATA-FLOW-RESIDENCY",
  "RK-RUNTIME-CONFIG",
];

/** Every code `realmkit validate` answers for: the catalogue's "reports" codes and the rules above. */
export function validatedCodes(): string[] {
  const reported = (Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][])
    .filter(([, e]) => e.validate === "reports")
    .map(([code]) => code);
  return [...reported, ...VALIDATED_RULE_IDS];
}

/** The area of a code: its second segment (`RK-CONFIG-YAML` → `CONFIG`). */
export const errorArea = (code: string): string => code.split("-")[1] ?? "";
