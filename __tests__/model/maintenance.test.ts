import { profiles } from "../../lib/model/providers";
import { REGION_TIME_ZONES } from "../../lib/model/providers/time-zones";
import {
  aksWindow,
  azurePostgresWindow,
  cloudSqlWindow,
  gkeDailyStart,
  inWindow,
  maintenanceWindow,
  rdsBackupWindow,
  rdsMaintenanceWindow,
  standardOffsetMinutes,
} from "../../lib/model/maintenance";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS, onlyResource, resourcesOf, synthStack } from "../helpers/synth";

describe("maintenance windows in the realm's local time", () => {
  test("every region of every provider profile has a time zone Intl knows", () => {
    for (const [provider, profile] of Object.entries(profiles)) {
      for (const region of Object.keys(profile.regions)) {
        const zone = REGION_TIME_ZONES[provider as keyof typeof REGION_TIME_ZONES][region];
        expect([provider, region, typeof zone]).toEqual([provider, region, "string"]);
        expect(() => standardOffsetMinutes(zone!)).not.toThrow();
      }
    }
  });

  test("standard offsets, DST ignored on both hemispheres (Sydney +10, Berlin +1, New York -5, Kolkata +5:30)", () => {
    expect(standardOffsetMinutes("Australia/Sydney")).toBe(600);
    expect(standardOffsetMinutes("Europe/Berlin")).toBe(60);
    expect(standardOffsetMinutes("America/New_York")).toBe(-300);
    expect(standardOffsetMinutes("Asia/Kolkata")).toBe(330);
  });

  test("Sunday 03:00 in Sydney is Saturday 17:00 UTC; in Frankfurt Sunday 02:00 UTC: not the same UTC hour", () => {
    const sydney = maintenanceWindow({ day: "sun", start: "03:00", hours: 4 }, "Australia/Sydney");
    const frankfurt = maintenanceWindow({ day: "sun", start: "03:00", hours: 4 }, "Europe/Berlin");
    expect(rdsMaintenanceWindow(sydney)).toBe("sat:17:00-sat:21:00");
    expect(rdsMaintenanceWindow(frankfurt)).toBe("sun:02:00-sun:06:00");
    // backups end 30 minutes before the window and never overlap it (RDS refuses that)
    expect(rdsBackupWindow(sydney)).toBe("15:30-16:30");
    expect(rdsBackupWindow(frankfurt)).toBe("00:30-01:30");
    expect(cloudSqlWindow(sydney)).toEqual({ day: 6, hour: 17 });
    expect(cloudSqlWindow(frankfurt)).toEqual({ day: 7, hour: 2 });
    expect(gkeDailyStart(sydney)).toBe("17:00");
    expect(azurePostgresWindow(sydney)).toEqual({ dayOfWeek: 6, startHour: 17, startMinute: 0 });
    expect(aksWindow(sydney)).toEqual({
      frequency: "Weekly",
      interval: 1,
      dayOfWeek: "Sunday",
      startTime: "03:00",
      utcOffset: "+10:00",
      duration: 4,
    });
  });

  test("wrapping across the week and half-hour offsets: Monday 01:00 in Kolkata is Sunday 19:30 UTC; Cloud SQL starts at the next full hour", () => {
    const w = maintenanceWindow({ day: "mon", start: "01:00" }, "Asia/Kolkata");
    expect(w).toMatchObject({ utcDay: 0, utcMinute: 19 * 60 + 30, hours: 4 });
    expect(rdsMaintenanceWindow(w)).toBe("sun:19:30-sun:23:30");
    expect(cloudSqlWindow(w)).toEqual({ day: 7, hour: 20 });
    const ny = maintenanceWindow({ day: "sat", start: "22:00", hours: 3 }, "America/New_York");
    expect(rdsMaintenanceWindow(ny)).toBe("sun:03:00-sun:06:00");
    expect(rdsMaintenanceWindow(maintenanceWindow({ day: "sat", start: "23:00", hours: 2 }, "UTC"))).toBe("sat:23:00-sun:01:00");
  });

  test("inWindow follows the UTC window across midnight; a bad start is a user error, not a crash", () => {
    const w = maintenanceWindow({ day: "sat", start: "23:00", hours: 2 }, "UTC");
    expect(inWindow(w, new Date("2026-12-05T23:30:00Z"))).toBe(true); // a Saturday
    expect(inWindow(w, new Date("2026-12-06T00:59:00Z"))).toBe(true);
    expect(inWindow(w, new Date("2026-12-06T01:00:00Z"))).toBe(false);
    expect(() => maintenanceWindow({ day: "sun", start: "25:00" }, "UTC")).toThrow(/RK-MAINTENANCE-WINDOW|HH:MM/);
  });
});

describe("the sample inventory's windows reach every cloud in its local time (prod layer: Sunday 03:00)", () => {
  test("AWS Sydney (au1) and AWS Frankfurt (eu3): RDS windows at different UTC hours", () => {
    const au1 = onlyResource(synthStack("realm-au1"), "aws_db_instance");
    const eu3 = onlyResource(synthStack("realm-eu3"), "aws_db_instance");
    expect([au1.maintenance_window, au1.backup_window]).toEqual(["sat:17:00-sat:21:00", "15:30-16:30"]);
    expect([eu3.maintenance_window, eu3.backup_window]).toEqual(["sun:02:00-sun:06:00", "00:30-01:30"]);
  });

  test("GCP Frankfurt (eu1): Cloud SQL and GKE in UTC", () => {
    const json = synthStack("realm-eu1");
    expect(onlyResource(json, "google_sql_database_instance").settings.maintenance_window).toMatchObject({ day: 7, hour: 2 });
    expect(onlyResource(json, "google_container_cluster").maintenance_policy.daily_maintenance_window.start_time).toBe("02:00");
  });

  test("Azure Frankfurt (eu2): PostgreSQL in UTC, AKS in local time with its offset", () => {
    const json = synthStack("realm-eu2");
    expect(onlyResource(json, "azurerm_postgresql_flexible_server").maintenance_window).toEqual({
      day_of_week: 0,
      start_hour: 2,
      start_minute: 0,
    });
    const aks = onlyResource(json, "azurerm_kubernetes_cluster");
    expect(aks.maintenance_window_auto_upgrade).toMatchObject({
      day_of_week: "Sunday",
      start_time: "03:00",
      utc_offset: "+01:00",
      duration: 4,
    });
    expect(aks.maintenance_window_node_os).toMatchObject({ start_time: "03:00", utc_offset: "+01:00" });
  });

  test("node pools roll with the default surge (no cluster.surge in the samples)", () => {
    expect(Object.values(resourcesOf(synthStack("realm-eu3"), "aws_eks_node_group"))[0]!.update_config).toEqual({ max_unavailable: 1 });
    expect(Object.values(resourcesOf(synthStack("realm-eu1"), "google_container_node_pool"))[0]!.upgrade_settings).toMatchObject({
      max_surge: 1,
      max_unavailable: 0,
    });
  });

  test("cluster.surge from the config reaches EKS, GKE and AKS node pools (EKS never below 1 unavailable)", () => {
    const files: Record<string, string> = {};
    for (const name of readdirSync(FIXTURE_REALMS))
      if (name.endsWith(".yaml")) files[name] = readFileSync(join(FIXTURE_REALMS, name), "utf8");
    const prod = readFileSync(join(FIXTURE_REALMS, "_layers", "prod.yaml"), "utf8").replace(
      "cluster:\n",
      "cluster:\n  surge: { maxSurge: 2, maxUnavailable: 0 }\n",
    );
    expect(prod).toContain("surge:");
    const dir = tempInventory({
      ...files,
      "_layers/prod.yaml": prod,
      "_layers/staging.yaml": readFileSync(join(FIXTURE_REALMS, "_layers", "staging.yaml"), "utf8"),
    });
    try {
      expect(Object.values(resourcesOf(synthStack("realm-eu3", dir), "aws_eks_node_group"))[0]!.update_config).toEqual({
        max_unavailable: 1,
      });
      expect(Object.values(resourcesOf(synthStack("realm-eu1", dir), "google_container_node_pool"))[0]!.upgrade_settings).toMatchObject({
        max_surge: 2,
        max_unavailable: 0,
      });
      const aks = synthStack("realm-eu2", dir);
      expect(onlyResource(aks, "azurerm_kubernetes_cluster").default_node_pool.upgrade_settings).toMatchObject({ max_surge: "2" });
      for (const pool of Object.values(resourcesOf(aks, "azurerm_kubernetes_cluster_node_pool")))
        expect(pool.upgrade_settings).toMatchObject({ max_surge: "2" });
    } finally {
      removeInventory(dir);
    }
  });
});
