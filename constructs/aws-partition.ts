/**
 * ARNs of AWS-owned objects (managed IAM policies, EKS access policies, account roots).
 *
 * The stacks must plan offline, so the partition cannot come from the `aws_partition` data
 * source. Every region in Realmkit's AWS profile lies in the commercial partition `aws`; adding
 * a China (`aws-cn`) or GovCloud (`aws-us-gov`) region means deriving the partition from the
 * region here, and nowhere else.
 */
export const AWS_PARTITION = "aws";

/** `arn:aws:iam::aws:policy/<name>`: an AWS managed IAM policy. */
export function awsManagedPolicyArn(name: string): string {
  return `arn:${AWS_PARTITION}:iam::aws:policy/${name}`;
}

/** `arn:aws:iam::<account>:root`: the account itself as a principal. */
export function accountRootArn(accountId: string): string {
  return `arn:${AWS_PARTITION}:iam::${accountId}:root`;
}

/** `arn:aws:eks::aws:cluster-access-policy/<name>`: an EKS access policy. */
export function eksAccessPolicyArn(name: string): string {
  return `arn:${AWS_PARTITION}:eks::aws:cluster-access-policy/${name}`;
}
