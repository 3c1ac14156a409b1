/**
 * A construct id part derived from a value (CIDR, e-mail, ARN), so a resource's Terraform
 * address follows the value and not its position in a list: reordering a list moves nothing.
 * `/` is the construct path separator and cannot appear in an id.
 */
export function constructIdPart(value: string): string {
  return value.replace(/\//g, "_");
}
