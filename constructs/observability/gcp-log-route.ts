import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import { Construct } from "constructs";
import { checkGcpLogRetention } from "./gcp-log-limits";

export { GCP_LOG_RETENTION_RANGE } from "./gcp-log-limits";

export interface GcpLogRouteProps {
  readonly realm: string;
  readonly project: string;
  /** Log bucket location: the realm region, so logs stay in the residency. */
  readonly region: string;
  /** Log bucket id and sink name (from `resourceName`). */
  readonly name: string;
  /** What the bucket holds, for people reading the console. */
  readonly description: string;
  /** Cloud Logging filter selecting the entries routed to the bucket. */
  readonly filter: string;
  readonly retentionDays: number;
}

/**
 * A regional log bucket with the realm's retention and a sink routing the matching entries
 * of the project into it: the GCP counterpart of a CloudWatch log group with a retention.
 * A sink writing to a log bucket of its own project needs no IAM grant.
 */
export class GcpLogRoute extends Construct {
  readonly bucketId: string;
  readonly sinkName: string;

  constructor(scope: Construct, id: string, props: GcpLogRouteProps) {
    super(scope, id);
    checkGcpLogRetention(props.retentionDays, props.realm);
    const bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project: props.project,
      location: props.region,
      bucketId: props.name,
      description: props.description,
      retentionDays: props.retentionDays,
    });
    const sink = new LoggingProjectSink(this, "sink", {
      project: props.project,
      name: props.name,
      description: props.description,
      destination: `logging.googleapis.com/${bucket.id}`,
      filter: props.filter,
      uniqueWriterIdentity: true,
    });
    this.bucketId = bucket.id;
    this.sinkName = sink.name;
  }
}
