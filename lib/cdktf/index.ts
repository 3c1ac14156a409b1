/**
 * The one module through which Realmkit's code reaches cdktf. Moving to CDK Terrain (`cdktn`,
 * the maintained continuation of the archived cdktf) changes the package name here and in the
 * other files of this folder, which hold every workaround that reaches into cdktf or Node
 * internals (docs/cdktf-seam.md lists them with what each saves and when it goes).
 */
import { aliasUtilIsArray } from "./util-is-array";

aliasUtilIsArray();

export {
  App,
  AzurermBackend,
  Fn,
  GcsBackend,
  LocalBackend,
  S3Backend,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  // cdktf's test helpers: tests reach cdktf through the seam too, so a move to cdktn is one place.
  Testing,
  Token,
  Tokenization,
  type ITerraformDependable,
} from "cdktf";
