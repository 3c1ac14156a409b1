import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { satisfies, sortVersionsDescending } from "./version-constraint";

/** One entry of a stack's `terraform.required_providers`. */
export interface RequiredProvider {
  /** Local name in the stack (`aws`). */
  readonly name: string;
  /** Fully qualified source address (`registry.terraform.io/hashicorp/aws`). */
  readonly source: string;
  /** Version constraint as written, e.g. `5.100.0` or `~> 5.0`. */
  readonly constraint?: string;
}

export type ProviderStatus =
  | { readonly provider: RequiredProvider; readonly available: true; readonly version?: string }
  | { readonly provider: RequiredProvider; readonly available: false; readonly reason: string };

const DEFAULT_HOST = "registry.terraform.io";

/** `aws` → `registry.terraform.io/hashicorp/aws`; `hashicorp/aws` → the same; full addresses stay. */
export function qualifySource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `${DEFAULT_HOST}/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_HOST}/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

/** The providers a synthesized stack (Terraform JSON) declares in `terraform.required_providers`. */
export function requiredProviders(stack: { terraform?: { required_providers?: Record<string, unknown> } }): RequiredProvider[] {
  const declared = stack.terraform?.required_providers ?? {};
  return Object.entries(declared)
    .map(([name, spec]): RequiredProvider => {
      // Terraform 0.12 allowed a bare version string; cdktf writes `{ source, version }`.
      if (typeof spec === "string") return { name, source: qualifySource(name), constraint: spec };
      const s = (spec ?? {}) as { source?: string; version?: string };
      return { name, source: qualifySource(s.source ?? name), constraint: s.version };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Terraform's name for this machine's platform, as used in mirror folders (`linux_amd64`). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/**
 * Versions of `source` a filesystem mirror holds for `platform`, highest first. Understands
 * both mirror layouts terraform reads: unpacked (`<host>/<ns>/<type>/<version>/<platform>/`)
 * and packed (`<host>/<ns>/<type>/terraform-provider-<type>_<version>_<platform>.zip`).
 */
export function mirrorVersions(mirror: string, source: string, platform: string = terraformPlatform()): string[] {
  const dir = join(mirror, ...source.split("/"));
  if (!existsSync(dir)) return [];
  const type = source.split("/").pop()!;
  const found = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (existsSync(join(full, platform))) found.add(entry);
      continue;
    }
    const m = new RegExp(`^terraform-provider-${type}_(.+)_${platform}\\.zip$`).exec(entry);
    if (m) found.add(m[1]!);
  }
  return sortVersionsDescending([...found]);
}

/** Every provider source a mirror holds (any version), e.g. `registry.terraform.io/hashicorp/aws`. */
export function mirroredSources(mirror: string): string[] {
  const sources: string[] = [];
  const dirs = (p: string) => (existsSync(p) ? readdirSync(p).filter((e) => statSync(join(p, e)).isDirectory()) : []);
  for (const host of dirs(mirror)) {
    for (const ns of dirs(join(mirror, host))) {
      for (const type of dirs(join(mirror, host, ns))) sources.push(`${host}/${ns}/${type}`);
    }
  }
  return sources.sort();
}

export interface ProviderSourceOptions {
  /** A terraform filesystem mirror; when set, providers it holds come only from it. */
  readonly mirror?: string;
  /** No network: every provider must come from the mirror. */
  readonly offline: boolean;
  readonly platform?: string;
}

/**
 * Whether terraform will be able to install each provider. Online without a mirror the
 * registry has everything; with a mirror, a provider the mirror holds must match there (the
 * mirror shadows the registry for it); offline, everything must be in the mirror.
 */
export function checkProviders(required: readonly RequiredProvider[], options: ProviderSourceOptions): ProviderStatus[] {
  return required.map((provider): ProviderStatus => {
    if (!options.mirror) {
      return options.offline
        ? { provider, available: false, reason: `offline without a provider mirror: ${provider.source} cannot be installed` }
        : { provider, available: true };
    }
    const versions = mirrorVersions(options.mirror, provider.source, options.platform);
    const match = versions.find((v) => satisfies(v, provider.constraint));
    if (match) return { provider, available: true, version: match };
    if (versions.length === 0 && !options.offline) return { provider, available: true };
    const wanted = provider.constraint ? ` ${provider.constraint}` : "";
    const has = versions.length > 0 ? `it has ${versions.join(", ")}` : "it has no version of it";
    return {
      provider,
      available: false,
      reason: `provider ${provider.source}${wanted} is not installed in the provider mirror ${options.mirror} (${has} for ${options.platform ?? terraformPlatform()})`,
    };
  });
}
