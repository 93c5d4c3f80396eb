/**
 * The tables as kysely sees them. Times are integers (bigint on PostgreSQL, parsed to number by
 * the pool's type parser); JSON columns are written as text and read back as text (SQLite) or as
 * parsed values (PostgreSQL jsonb), which `codec.ts` turns into validated values.
 */
import type { ColumnType, Generated } from 'kysely';

/** A JSON column: written as a JSON string, read as whatever the driver gives. */
export type JsonColumn = ColumnType<unknown, string, string>;
export type NullableJsonColumn = ColumnType<unknown, string | null, string | null>;

export interface RunsTable {
  id: string;
  workflow_id: string;
  status: string;
  input: JsonColumn;
  output: NullableJsonColumn;
  error: NullableJsonColumn;
  wake_at: number | null;
  wait_key: string | null;
  attempt: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  idempotency_key: string | null;
  meta: JsonColumn;
  created_at: number;
  updated_at: number;
}

export interface StepsTable {
  run_id: string;
  seq: number;
  step_id: string;
  kind: string;
  status: string;
  output: NullableJsonColumn;
  error: NullableJsonColumn;
  attempts: number;
  started_at: number;
  ended_at: number | null;
  wake_at: number | null;
}

export interface SignalsTable {
  id: Generated<number>;
  key: string;
  payload: NullableJsonColumn;
  created_at: number;
  consumed_by: string | null;
  consumed_at: number | null;
}

export interface SchedulesTable {
  id: string;
  workflow_id: string;
  cron: string;
  timezone: string | null;
  input: JsonColumn;
  next_fire_at: number | null;
  last_fire_at: number | null;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface AuditTable {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  data: JsonColumn;
  prev_hash: string;
  hash: string;
}

export interface KvTable {
  namespace: string;
  key: string;
  value: JsonColumn;
  updated_at: number;
  /** 1 when created, +1 on every write. */
  version: Generated<number>;
}

/** A user mirrored from Okta (src/access/directory). `login_key` is the lower-cased login. */
export interface DirUsersTable {
  id: string;
  login: string;
  login_key: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  status: string;
  department: string | null;
  title: string | null;
  manager_id: string | null;
  /** "\n"-prefixed, lower-cased login, email, first, last and display name (prefix search of any, Unicode-aware). */
  search_text: string;
  profile: JsonColumn;
  last_updated: number;
  synced_at: number;
}

/** A group mirrored from Okta; `rule_managed` is 0/1 (some ACTIVE group rule assigns people to it). */
export interface DirGroupsTable {
  id: string;
  name: string;
  name_key: string;
  description: string | null;
  type: string;
  rule_managed: number;
  last_updated: number;
  synced_at: number;
}

export interface DirAppsTable {
  id: string;
  name: string;
  label: string;
  label_key: string;
  status: string;
  synced_at: number;
}

export interface DirMembershipsTable {
  group_id: string;
  user_id: string;
  since: number;
}

/** A direct (USER-scope) app assignment; group-sourced holdings are derived from memberships. */
export interface DirAppUsersTable {
  app_id: string;
  user_id: string;
  since: number;
}

export interface DirAppGroupsTable {
  app_id: string;
  group_id: string;
  priority: number | null;
  since: number;
}

export interface Database {
  dir_users: DirUsersTable;
  dir_groups: DirGroupsTable;
  dir_apps: DirAppsTable;
  dir_memberships: DirMembershipsTable;
  dir_app_users: DirAppUsersTable;
  dir_app_groups: DirAppGroupsTable;
  runs: RunsTable;
  steps: StepsTable;
  signals: SignalsTable;
  schedules: SchedulesTable;
  audit_log: AuditTable;
  kv: KvTable;
}
