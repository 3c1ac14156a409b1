/** IPv4 CIDR arithmetic: enough for planning subnets and spotting overlaps. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0) return undefined;
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${c.prefix}`;
}

const blockSize = (prefix: number): number => 2 ** (32 - prefix);

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(parent: Cidr, newbits: number, netnum: number): Cidr {
  const prefix = parent.prefix + newbits;
  if (prefix > 32) throw new RangeError(`cannot add ${newbits} bits to /${parent.prefix}`);
  if (netnum < 0 || netnum >= 2 ** newbits) throw new RangeError(`netnum ${netnum} does not fit in ${newbits} bits`);
  return { base: parent.base + netnum * blockSize(prefix), prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/** True for 10/8, 172.16/12 and 192.168/16: realm networks must not be internet-routable. */
export function isPrivate(c: Cidr): boolean {
  const ranges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((r) => parseCidr(r)!);
  return ranges.some((r) => c.prefix >= r.prefix && overlaps(c, r));
}
