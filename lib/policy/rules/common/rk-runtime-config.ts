import { publishedDocuments } from "../../runtime-documents";
import { zonesOfPlace } from "../../regions";
import { residencyZones } from "../../../model/residency";
import { defineStackRule, fail, failIfAny, notApplicable, type AddressedResult } from "../../types";
import { secretsIn } from "./rk-no-secrets";

interface ServiceEntry {
  readonly personalData?: unknown;
  readonly location?: unknown;
}

/** Personal data leaving the residency through a service the application calls. */
function residencyProblems(document: Record<string, unknown>, residency: string | undefined): string[] {
  if (residency === undefined) return [];
  const allowed = Object.hasOwn(residencyZones, residency) ? residencyZones[residency]! : [];
  const services = (document.services ?? {}) as Record<string, ServiceEntry>;
  const problems: string[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (service?.personalData !== true) continue;
    if (typeof service.location !== "string") {
      problems.push(`service \`${name}\` receives personal data but declares no \`location\``);
      continue;
    }
    const zones = zonesOfPlace(service.location);
    if (!zones) problems.push(`service \`${name}\` has \`location: ${service.location}\`, neither a known region nor a residency key`);
    else if (zones.some((z) => !allowed.includes(z)))
      problems.push(`service \`${name}\` receives personal data in ${service.location}, outside residency \`${residency}\``);
  }
  return problems;
}

/**
 * What is wrong with a runtime configuration document: secret values and personal data leaving
 * the residency. Shared with `realmkit validate`, which checks the document the realm files
 * describe before anything is synthesized.
 */
export function runtimeDocumentProblems(document: Record<string, unknown>, residency: string | undefined): string[] {
  // Credential references are the one place where secret-sounding names are expected.
  const { credentialsSecret: _ref, ...database } = (document.database ?? {}) as Record<string, unknown>;
  const services = Object.fromEntries(
    Object.entries((document.services ?? {}) as Record<string, Record<string, unknown>>).map(
      ([name, { credentialsSecret: _s, ...rest }]) => [name, rest],
    ),
  );
  const secrets = secretsIn({ ...document, database, services }).map((h) => `${h.what} at \`${h.path}\``);
  return [...secrets, ...residencyProblems(document, residency)];
}

export default defineStackRule({
  id: "RK-RUNTIME-CONFIG",
  title: "The published runtime configuration holds references, not secrets, and keeps personal data in the residency",
  description:
    "The document each realm stack publishes for its application (SSM parameter, Secret Manager secret, App Configuration key) carries no secret value (credentials appear only as references to their secret), and every service the application sends personal data to declares a location inside the realm's residency.",
  severity: "critical",
  provider: "any",
  reads:
    "the runtime configuration document in `aws_ssm_parameter.value`, `google_secret_manager_secret_version.secret_data`, `azurerm_app_configuration_key.value`",
  publicIds: {},
  fix: "move credentials into the service's secret (`secret: true`) and keep only the reference; give personal-data services a `location` inside the residency, or record the approved transfer as a suppression",
  check(stack, ctx) {
    const documents = publishedDocuments(stack.resources);
    if (documents.length === 0)
      return [{ address: "runtime-config", ...notApplicable("the stack publishes no runtime configuration (no cluster)") }];
    return documents.map(({ resource, document, unreadable }): AddressedResult => {
      if (!document) return { address: resource.address, ...fail(unreadable!) };
      const residency = ctx.residency ?? (typeof document.residency === "string" ? document.residency : undefined);
      return { address: resource.address, ...failIfAny(runtimeDocumentProblems(document, residency)) };
    });
  },
});
