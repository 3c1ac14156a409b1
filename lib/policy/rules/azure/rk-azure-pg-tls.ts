import { defineResourceRule, failIfAny } from "../../types";
import { pointingAt } from "../../view/values";

const OLD_TLS = new Set(["tlsv1", "tlsv1.0", "tlsv1.1"]);

export default defineResourceRule({
  id: "RK-AZURE-PG-TLS",
  title: "PostgreSQL flexible servers require TLS 1.2 or later",
  description: "`require_secure_transport` is on by default; no server configuration may switch it off or allow TLS below 1.2.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_postgresql_flexible_server"],
  publicIds: {},
  fix: "remove the `azurerm_postgresql_flexible_server_configuration` that sets require_secure_transport off or ssl_min_protocol_version below TLSv1.2",
  check(r, ctx) {
    const configs = pointingAt(ctx.stack, r, ["azurerm_postgresql_flexible_server_configuration"], "server_id", ["id"]);
    const problems: string[] = [];
    for (const c of configs) {
      const value = String(c.values.value ?? "").toLowerCase();
      const name = String(c.values.name ?? "").toLowerCase();
      if (name === "require_secure_transport" && (value === "off" || value === "false" || value === "0"))
        problems.push(`${c.address} sets require_secure_transport off`);
      if (name === "ssl_min_protocol_version" && OLD_TLS.has(value)) problems.push(`${c.address} allows ${String(c.values.value)}`);
    }
    return failIfAny(problems);
  },
});
