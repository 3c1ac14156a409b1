/**
 * Every third-party GitHub Action the generated workflows use, pinned by full commit SHA: a tag
 * can be moved to other code, a commit cannot. The tag each SHA was read from stays beside it
 * in a comment of the generated file, so a reviewer sees the version and an update is one edit
 * here (then `npx realmkit pipeline github` and commit). Each SHA below was read from the
 * action repository's tag (`git rev-parse <tag>^{commit}`), not copied from elsewhere.
 */
export const ACTIONS = {
  checkout: { repo: "actions/checkout", tag: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
  setupNode: { repo: "actions/setup-node", tag: "v7.0.0", sha: "820762786026740c76f36085b0efc47a31fe5020" },
  setupTerraform: { repo: "hashicorp/setup-terraform", tag: "v4.0.1", sha: "dfe3c3f87815947d99a8997f908cb6525fc44e9e" },
  awsCredentials: { repo: "aws-actions/configure-aws-credentials", tag: "v6.2.3", sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c" },
  gcpAuth: { repo: "google-github-actions/auth", tag: "v3.0.0", sha: "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093" },
  azureLogin: { repo: "azure/login", tag: "v3.0.1", sha: "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca" },
  uploadArtifact: { repo: "actions/upload-artifact", tag: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f" },
  downloadArtifact: { repo: "actions/download-artifact", tag: "v8.0.1", sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c" },
  uploadSarif: { repo: "github/codeql-action/upload-sarif", tag: "v4.36.2", sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e" },
  githubScript: { repo: "actions/github-script", tag: "v8.0.0", sha: "ed597411d8f924073f98dfc5c65a23a2325f34cd" },
} as const;

export type ActionName = keyof typeof ACTIONS;

/** `owner/repo@<sha>`, the value of a step's `uses:`. */
export function uses(name: ActionName): string {
  const a = ACTIONS[name];
  return `${a.repo}@${a.sha}`;
}

/**
 * Adds ` # <tag>` after each pinned SHA in rendered YAML: the yaml library cannot attach a
 * comment to a scalar, and a reviewer needs the version next to the hash.
 */
export function annotatePins(yaml: string): string {
  let out = yaml;
  for (const a of Object.values(ACTIONS)) out = out.split(`${a.repo}@${a.sha}\n`).join(`${a.repo}@${a.sha} # ${a.tag}\n`);
  return out;
}
