import { cidrSubnet, formatCidr, parseCidr, type Cidr } from "../cidr";
import type { NetworkLayout } from "./types";

/**
 * The shared zonal layout: per zone one private subnet of 1/8 of the realm range, and one
 * public and one database subnet of 1/64 each, packed into the last two eighths. Fits up to
 * six zones. `smallest` is the longest subnet prefix the provider accepts.
 */
export function zonalLayout(
  cidr: string,
  zones: number,
  smallest: number,
  extra: (c: Cidr) => Record<string, string> = () => ({}),
): NetworkLayout {
  const range = parseCidr(cidr);
  if (!range) throw new RangeError(`${cidr} is not a valid IPv4 CIDR`);
  if (zones < 1 || zones > 6) throw new RangeError(`zones must be 1 to 6, got ${zones}`);
  if (range.prefix + 6 > smallest) {
    throw new RangeError(`${cidr} is too small: it needs a prefix of /${smallest - 6} or shorter for ${zones} zone(s)`);
  }
  const zoneIndexes = Array.from({ length: zones }, (_, i) => i);
  const publicBlock = cidrSubnet(range, 3, 6);
  const databaseBlock = cidrSubnet(range, 3, 7);
  return {
    private: zoneIndexes.map((i) => formatCidr(cidrSubnet(range, 3, i))),
    public: zoneIndexes.map((i) => formatCidr(cidrSubnet(publicBlock, 3, i))),
    database: zoneIndexes.map((i) => formatCidr(cidrSubnet(databaseBlock, 3, i))),
    extra: extra(range),
  };
}
