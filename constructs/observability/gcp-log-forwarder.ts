import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { DataflowJob } from "@cdktf/provider-google/lib/dataflow-job";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import { PubsubSubscriptionIamMember } from "@cdktf/provider-google/lib/pubsub-subscription-iam-member";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import { resourceName } from "../../lib/model/naming";
import { pubsubToDatadogTemplate, type RealmLogForwarder } from "../../lib/observability/log-forwarding";
import { gcpLabels, type GcpKeyRef, type GcpScopeProps } from "../gcp-scope";
import { GcpSecret } from "../services/gcp-secret";
import { GcpLogRoute } from "./gcp-log-route";

export interface GcpLogForwarderProps extends GcpScopeProps {
  readonly forwarder: RealmLogForwarder;
  /** Realm key and its Secret Manager grant: it encrypts the API key secret. */
  readonly secretKey: GcpKeyRef;
  /** Realm key and its Cloud Storage grant: it encrypts the Dataflow staging bucket. */
  readonly bucketKey: GcpKeyRef;
  /** Suffix making the staging bucket name global-unique (the project id). */
  readonly uniqueSuffix: string;
  /** Cloud Logging filters of the realm's platform logs (database, cluster, network, audit), OR-ed into the sink. */
  readonly filters: readonly string[];
  /** The realm network and subnet the Dataflow workers run in (private IPs). @default Dataflow's default network */
  readonly network?: { readonly networkId: string; readonly subnetName: string; readonly cidr: string };
  readonly deletionProtection: boolean;
  /**
   * Record reads and writes of the staging bucket: only when no storage component already holds
   * the project's (authoritative) Cloud Storage audit config, which then covers it too.
   * @default undefined: the stack's storage audits Cloud Storage
   */
  readonly stagingAudit?: { readonly retentionDays: number };
}

/** Messages Pub/Sub keeps while the pipeline is down (its maximum, 7 days). */
const RETENTION = "604800s";

/** Dataflow workers carry this network tag; worker-to-worker shuffle uses TCP 12345-12346. */
const DATAFLOW_TAG = "dataflow";

/**
 * Datadog's GCP log collection, per realm: a sink of the realm's platform logs into a Pub/Sub
 * topic stored only in the realm's region, a pull subscription, and Google's "Pub/Sub to
 * Datadog" Dataflow template running in that region with a worker service account that may
 * only read that subscription, publish to the dead-letter topic, read the API key secret and
 * use its staging bucket. The API key lives in a Secret Manager secret created empty (one
 * replica, realm region, realm key); the operator adds the version.
 */
export class GcpLogForwarder extends Construct {
  readonly topicId: string;
  readonly workerEmail: string;

  constructor(scope: Construct, id: string, props: GcpLogForwarderProps) {
    super(scope, id);
    const f = props.forwarder;
    const { project, region } = props;
    const labels = gcpLabels(props.labels);
    const name = (...parts: string[]) => resourceName("gcp", "default", f.realm, ...parts);
    const inRegion = { messageStoragePolicy: { allowedPersistenceRegions: [region] } };

    const topic = new PubsubTopic(this, "topic", { project, name: name("datadog-logs"), labels, ...inRegion });
    const deadLetter = new PubsubTopic(this, "dead-letter", {
      project,
      name: name("datadog-logs-dlq"),
      labels,
      messageRetentionDuration: RETENTION,
      ...inRegion,
    });
    const subscription = new PubsubSubscription(this, "subscription", {
      project,
      name: name("datadog-logs-sub"),
      topic: topic.id,
      ackDeadlineSeconds: 60,
      messageRetentionDuration: RETENTION,
      // A pipeline's subscription never expires for lack of readers (the default is 31 days).
      expirationPolicy: { ttl: "" },
      labels,
    });
    // Failed deliveries stay readable for re-processing.
    new PubsubSubscription(this, "dead-letter-subscription", {
      project,
      name: name("datadog-logs-dlq-sub"),
      topic: deadLetter.id,
      messageRetentionDuration: RETENTION,
      expirationPolicy: { ttl: "" },
      labels,
    });

    const sink = new LoggingProjectSink(this, "sink", {
      project,
      name: name("datadog-logs"),
      description: `Platform logs of realm ${f.realm} to Datadog ${f.site} (Pub/Sub, Dataflow in ${region})`,
      destination: `pubsub.googleapis.com/${topic.id}`,
      filter: props.filters.map((x) => `(${x})`).join(" OR "),
      uniqueWriterIdentity: true,
    });
    // The sink's own identity may publish to this topic only.
    new PubsubTopicIamMember(this, "sink-publisher", {
      project,
      topic: topic.name,
      role: "roles/pubsub.publisher",
      member: sink.writerIdentity,
    });

    const secret = new GcpSecret(this, "api-key", {
      project,
      region,
      labels: props.labels,
      ...props.secretKey,
      secretId: f.apiKeySecret,
      description: `Datadog API key (${f.site}) the log pipeline of realm ${f.realm} sends with; version added out of band`,
      deletionProtection: props.deletionProtection,
    });

    const bucket = new StorageBucket(this, "staging", {
      name: resourceName("gcp", "bucket", f.realm, "dataflow", props.uniqueSuffix),
      project,
      location: region.toUpperCase(),
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: props.bucketKey.keyId },
      // Staging and temporary files only: a day is enough, and versions go with them.
      lifecycleRule: [
        { condition: { age: 1 }, action: { type: "Delete" } },
        { condition: { daysSinceNoncurrentTime: 1 }, action: { type: "Delete" } },
      ],
      // Kept like every realm bucket (guardrails RK-STATEFUL-*): the lifecycle rule empties it anyway.
      forceDestroy: false,
      labels: gcpLabels(props.labels, { bucket: "dataflow" }),
      dependsOn: [...(props.bucketKey.keyGrants ?? [])],
      lifecycle: { preventDestroy: props.deletionProtection },
    });

    if (props.stagingAudit) {
      const stagingName = resourceName("gcp", "bucket", f.realm, "dataflow", props.uniqueSuffix);
      new ProjectIamAuditConfig(this, "staging-audit", {
        project,
        service: "storage.googleapis.com",
        auditLogConfig: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
      });
      new GcpLogRoute(this, "staging-access-logs", {
        realm: f.realm,
        project,
        region,
        name: name("dataflow-access"),
        description: `Object reads and writes of the Dataflow staging bucket of realm ${f.realm}`,
        filter: [
          `logName="projects/${project}/logs/cloudaudit.googleapis.com%2Fdata_access"`,
          `protoPayload.serviceName="storage.googleapis.com"`,
          `resource.labels.bucket_name="${stagingName}"`,
        ].join(" AND "),
        retentionDays: props.stagingAudit.retentionDays,
      });
    }

    const worker = new ServiceAccount(this, "worker", {
      project,
      accountId: resourceName("gcp", "default", f.realm, "dd-logs").slice(0, 30),
      displayName: `Datadog log pipeline of realm ${f.realm}`,
      description: "Realmkit log forwarding: Dataflow workers of the Pub/Sub to Datadog pipeline",
    });
    const member = worker.member;
    const grants = [
      // Dataflow requires the worker role on the project; every other grant is on one resource.
      new ProjectIamMember(this, "worker-role", { project, role: "roles/dataflow.worker", member }),
      new PubsubSubscriptionIamMember(this, "worker-subscriber", {
        project,
        subscription: subscription.name,
        role: "roles/pubsub.subscriber",
        member,
      }),
      new PubsubSubscriptionIamMember(this, "worker-viewer", {
        project,
        subscription: subscription.name,
        role: "roles/pubsub.viewer",
        member,
      }),
      new PubsubTopicIamMember(this, "worker-dead-letter", { project, topic: deadLetter.name, role: "roles/pubsub.publisher", member }),
      new SecretManagerSecretIamMember(this, "worker-secret", {
        project,
        secretId: secret.secretId,
        role: "roles/secretmanager.secretAccessor",
        member,
      }),
      new StorageBucketIamMember(this, "worker-staging", { bucket: bucket.name, role: "roles/storage.objectAdmin", member }),
    ];

    if (props.network) {
      new ComputeFirewall(this, "workers-shuffle", {
        project,
        name: name("allow-dataflow-shuffle"),
        network: props.network.networkId,
        description: `Dataflow workers of realm ${f.realm} exchange shuffle data with each other`,
        direction: "INGRESS",
        priority: 1000,
        sourceRanges: [props.network.cidr],
        targetTags: [DATAFLOW_TAG],
        allow: [{ protocol: "tcp", ports: ["12345-12346"] }],
      });
    }

    new DataflowJob(this, "pipeline", {
      project,
      region,
      name: name("datadog-logs"),
      templateGcsPath: pubsubToDatadogTemplate(region),
      tempGcsLocation: `${bucket.url}/tmp`,
      serviceAccountEmail: worker.email,
      enableStreamingEngine: true,
      maxWorkers: 3,
      ...(props.network
        ? { ipConfiguration: "WORKER_IP_PRIVATE", subnetwork: `regions/${region}/subnetworks/${props.network.subnetName}` }
        : {}),
      parameters: {
        inputSubscription: subscription.id,
        url: f.intakeUrl,
        apiKeySource: "SECRET_MANAGER",
        apiKeySecretId: `${secret.secretName}/versions/latest`,
        outputDeadletterTopic: deadLetter.id,
        includePubsubMessage: "true",
      },
      labels,
      // Draining finishes the messages in flight before the job stops (cancel would drop them).
      onDelete: "drain",
      dependsOn: grants,
    });

    this.topicId = topic.id;
    this.workerEmail = worker.email;
  }
}
