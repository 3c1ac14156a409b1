import { RUNTIME_CONFIG_SCHEMA_ID } from "../runtime/document";
import type { ResourceView } from "./view/types";

/** Store resources and the attribute that holds a published runtime configuration document. */
export const RUNTIME_DOCUMENT_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_ssm_parameter: "value",
  google_secret_manager_secret_version: "secret_data",
  azurerm_app_configuration_key: "value",
};

const PREFIX = `{"$schema":${JSON.stringify(RUNTIME_CONFIG_SCHEMA_ID)}`;

/** Whether a store value is a Realmkit runtime configuration document (by its `$schema`, written first). */
export function isRuntimeDocumentText(value: string): boolean {
  return value.startsWith(PREFIX);
}

export interface PublishedDocument {
  readonly resource: ResourceView;
  /** The parsed document, or why it could not be read. */
  readonly document?: Record<string, unknown>;
  readonly unreadable?: string;
}

/** The runtime configuration documents a stack publishes. */
export function publishedDocuments(resources: readonly ResourceView[]): PublishedDocument[] {
  const out: PublishedDocument[] = [];
  for (const resource of resources) {
    const attr = RUNTIME_DOCUMENT_ATTRIBUTE[resource.type];
    const text = attr === undefined ? undefined : resource.values[attr];
    if (typeof text !== "string" || !isRuntimeDocumentText(text)) continue;
    try {
      const document = JSON.parse(text) as unknown;
      if (document === null || typeof document !== "object" || Array.isArray(document))
        out.push({ resource, unreadable: "the document is not a JSON object" });
      else out.push({ resource, document: document as Record<string, unknown> });
    } catch (err) {
      out.push({ resource, unreadable: `the document is not valid JSON (${(err as Error).message})` });
    }
  }
  return out;
}
