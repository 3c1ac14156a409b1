import { RealmkitError } from "../../lib/config/errors";

/**
 * Azure's blob container naming rule, in a module of its own without cdktf: the construct
 * enforces it while building, and `realmkit validate` checks realm bucket names against it first.
 * The schema's bucket pattern is shared by every cloud and allows `--`, which Azure rejects.
 */
export function checkContainerName(bucket: string, realm: string): void {
  if (/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) return;
  throw new RealmkitError("RK-AZURE-STORAGE-NAME", `bucket \`${bucket}\` is not a valid Azure container name`, {
    realm,
    value: bucket,
    fix: "use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
  });
}
