/**
 * Maintenance windows: written once per tier (or realm) in the realm's local time, converted
 * here to the form each cloud wants. Databases and clusters of a Sydney realm then restart in
 * Sydney's night, not at the UTC hour Frankfurt's do.
 *
 * Local time is converted with the region's *standard* offset (no daylight saving): the stack
 * must not change when the clocks do, and the clouds that take a fixed UTC window (RDS, Cloud
 * SQL, GKE, Azure PostgreSQL) cannot follow DST anyway. In summer the window starts an hour
 * later by the local clock; AKS takes the offset itself and is given the same standard one.
 */
import { RealmkitError } from "../config/errors";
import { REGION_TIME_ZONES } from "./providers/time-zones";
import type { CloudTarget, RealmModel } from "./realm-model";

export const WEEK_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** What a realm writes: `maintenance: { day: sun, start: "03:00", hours: 4 }`. */
export interface MaintenanceSpec {
  readonly day: WeekDay;
  /** Local start time, `HH:MM` (24 h). */
  readonly start: string;
  /** Length in hours. @default 4 */
  readonly hours?: number;
}

/** A window in UTC, the neutral form constructs convert from. */
export interface MaintenanceWindow {
  /** 0 = Sunday ... 6 = Saturday, in UTC. */
  readonly utcDay: number;
  /** Minutes after midnight UTC the window starts. */
  readonly utcMinute: number;
  readonly hours: number;
  /** The realm's local day/start and the standard offset used, e.g. `+10:00`, for AKS and for people. */
  readonly local: { readonly day: WeekDay; readonly start: string; readonly utcOffset: string; readonly timeZone: string };
}

export const DEFAULT_MAINTENANCE_HOURS = 4;
const WEEK = 7 * 24 * 60;
// A year with no calendar oddity; only used to read the zone's standard offset from the tz database.
const PROBE_YEAR = 2025;

/** Minutes east of UTC of `timeZone` on a date (Intl's tz database; Node ships full ICU). */
function offsetOn(timeZone: string, date: Date): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(date).find((p) => p.type === "timeZoneName")
      ?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`unexpected offset ${name} for ${timeZone}`);
  return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The standard (winter) offset: daylight saving only ever adds, so it is the smaller of January's and July's. */
export function standardOffsetMinutes(timeZone: string): number {
  return Math.min(offsetOn(timeZone, new Date(Date.UTC(PROBE_YEAR, 0, 1))), offsetOn(timeZone, new Date(Date.UTC(PROBE_YEAR, 6, 1))));
}

const pad = (n: number) => String(n).padStart(2, "0");
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const offsetText = (minutes: number) => `${minutes < 0 ? "-" : "+"}${hhmm(Math.abs(minutes))}`;

/** The realm's window in UTC, for a target whose region lies in `timeZone`. */
export function maintenanceWindow(spec: MaintenanceSpec, timeZone: string): MaintenanceWindow {
  const day = WEEK_DAYS.indexOf(spec.day);
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(spec.start);
  if (day < 0 || !m) {
    throw new RealmkitError(
      "RK-MAINTENANCE-WINDOW",
      `maintenance window needs a day (sun..sat) and a start HH:MM, got ${spec.day} ${spec.start}`,
      {
        value: spec,
        fix: 'write e.g. maintenance: { day: sun, start: "03:00", hours: 4 } (the realm\'s local time)',
      },
    );
  }
  const offset = standardOffsetMinutes(timeZone);
  const local = day * 24 * 60 + Number(m[1]) * 60 + Number(m[2]);
  const utc = (((local - offset) % WEEK) + WEEK) % WEEK;
  return {
    utcDay: Math.floor(utc / (24 * 60)),
    utcMinute: utc % (24 * 60),
    hours: spec.hours ?? DEFAULT_MAINTENANCE_HOURS,
    local: { day: spec.day, start: spec.start, utcOffset: offsetText(offset), timeZone },
  };
}

/** RDS `preferred_maintenance_window`: `ddd:hh24:mi-ddd:hh24:mi` in UTC. */
export function rdsMaintenanceWindow(w: MaintenanceWindow): string {
  const start = w.utcDay * 24 * 60 + w.utcMinute;
  const end = (start + w.hours * 60) % WEEK;
  const at = (t: number) => `${WEEK_DAYS[Math.floor(t / (24 * 60))]}:${hhmm(t % (24 * 60))}`;
  return `${at(start)}-${at(end)}`;
}

/**
 * RDS `backup_window` (daily, UTC): the hour that ends 30 minutes before the maintenance
 * window starts, so the two never overlap (RDS refuses that) and the snapshot is fresh.
 */
export function rdsBackupWindow(w: MaintenanceWindow): string {
  const day = 24 * 60;
  const end = (w.utcMinute - 30 + day) % day;
  return `${hhmm((end - 60 + day) % day)}-${hhmm(end)}`;
}

/**
 * Cloud SQL `maintenance_window`: day 1 (Monday) to 7 (Sunday) and an hour, UTC. A start off
 * the hour (offsets like +05:30) moves to the next full hour, inside the realm's window.
 */
export function cloudSqlWindow(w: MaintenanceWindow): { day: number; hour: number } {
  const start = w.utcDay * 24 * 60 + w.utcMinute + (w.utcMinute % 60 ? 60 - (w.utcMinute % 60) : 0);
  const t = start % WEEK;
  const day = Math.floor(t / (24 * 60));
  return { day: day === 0 ? 7 : day, hour: Math.floor((t % (24 * 60)) / 60) };
}

/**
 * GKE `maintenance_policy.daily_maintenance_window.start_time` (UTC `HH:MM`). GKE wants at
 * least 48 hours of maintenance availability in any 32 days, which one weekly window of a few
 * hours cannot give: the cluster's window recurs daily at the realm's local start time.
 */
export function gkeDailyStart(w: MaintenanceWindow): string {
  return hhmm(w.utcMinute);
}

/** Azure PostgreSQL flexible server `maintenance_window`: day 0 (Sunday) to 6, hour and minute, UTC. */
export function azurePostgresWindow(w: MaintenanceWindow): { dayOfWeek: number; startHour: number; startMinute: number } {
  return { dayOfWeek: w.utcDay, startHour: Math.floor(w.utcMinute / 60), startMinute: w.utcMinute % 60 };
}

const AZURE_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** AKS `maintenance_window_auto_upgrade` / `_node_os`: local day and time with the offset; AKS needs 4 hours or more. */
export function aksWindow(w: MaintenanceWindow): {
  frequency: string;
  interval: number;
  dayOfWeek: string;
  startTime: string;
  utcOffset: string;
  duration: number;
} {
  return {
    frequency: "Weekly",
    interval: 1,
    dayOfWeek: AZURE_DAYS[WEEK_DAYS.indexOf(w.local.day)]!,
    startTime: w.local.start,
    utcOffset: w.local.utcOffset,
    duration: Math.max(4, w.hours),
  };
}

/** Whether `now` falls inside the window (for `rollout --hold-restarts`). */
export function inWindow(w: MaintenanceWindow, now: Date): boolean {
  const t = now.getUTCDay() * 24 * 60 + now.getUTCHours() * 60 + now.getUTCMinutes();
  const start = w.utcDay * 24 * 60 + w.utcMinute;
  return (((t - start) % WEEK) + WEEK) % WEEK < w.hours * 60;
}

/** The realm's window for one cloud target, by that region's clock; none when the realm (and its layers) set none. */
export function targetMaintenance(realm: RealmModel, target: CloudTarget): MaintenanceWindow | undefined {
  const spec = realm.config.maintenance;
  const timeZone = REGION_TIME_ZONES[target.provider][target.region];
  return spec && timeZone ? maintenanceWindow(spec, timeZone) : undefined;
}

/** For messages: `sun 03:00 local (+10:00, Australia/Sydney) = sat 17:00 UTC, 4 h`. */
export function describeWindow(w: MaintenanceWindow): string {
  return `${w.local.day} ${w.local.start} local (${w.local.utcOffset}, ${w.local.timeZone}) = ${WEEK_DAYS[w.utcDay]} ${hhmm(w.utcMinute)} UTC, ${w.hours} h`;
}
