// Numbered schema migrations, applied in order; PRAGMA user_version holds the last one applied.
// Never edit a shipped migration: add a new one.
import type { Database } from './database';
import { ErrorCode } from '../errorCodes';
import { ForeignDatabaseError } from './storage-errors';

export const MIGRATIONS: readonly string[] = [
  // 1: the spec's seven tables, plus audit events, bandit arms and learned patterns.
  `
  CREATE TABLE capability_profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    baseline REAL NOT NULL,
    target REAL NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher','lower')),
    current_value REAL,
    measurement_count INTEGER NOT NULL DEFAULT 0,
    last_measured_at TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE identified_weaknesses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    impact REAL NOT NULL,
    priority REAL NOT NULL,
    capability_name TEXT,
    evidence TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'open',
    automatic INTEGER NOT NULL DEFAULT 0,
    identified_at TEXT NOT NULL,
    resolved_at TEXT
  );
  CREATE INDEX idx_weaknesses_status_priority ON identified_weaknesses(status, priority DESC);
  CREATE INDEX idx_weaknesses_capability ON identified_weaknesses(capability_name, status);
  CREATE TABLE improvement_experiments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    weakness_id INTEGER NOT NULL,
    approach TEXT NOT NULL,
    name TEXT NOT NULL,
    hypothesis TEXT NOT NULL,
    methodology TEXT NOT NULL,
    expected_improvement REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned',
    actual_improvement REAL,
    verdict TEXT,
    reason TEXT,
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    completed_at TEXT
  );
  CREATE INDEX idx_experiments_weakness ON improvement_experiments(weakness_id);
  CREATE INDEX idx_experiments_status ON improvement_experiments(status);
  CREATE INDEX idx_experiments_approach ON improvement_experiments(approach, status);
  CREATE TABLE code_improvements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    file_path TEXT NOT NULL,
    function_name TEXT,
    experiment_id INTEGER,
    status TEXT NOT NULL DEFAULT 'pending',
    original_content TEXT NOT NULL,
    proposed_content TEXT NOT NULL,
    hash_before TEXT NOT NULL,
    hash_after TEXT,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    applied_at TEXT,
    rejected_reason TEXT,
    rolled_back_at TEXT,
    error TEXT
  );
  CREATE INDEX idx_improvements_status ON code_improvements(status);
  CREATE INDEX idx_improvements_file ON code_improvements(file_path, status);
  CREATE TABLE performance_metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    capability_name TEXT NOT NULL,
    value REAL NOT NULL,
    context TEXT,
    experiment_id INTEGER,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX idx_metrics_capability_time ON performance_metrics(capability_name, recorded_at);
  CREATE TABLE meta_learnings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    pattern TEXT NOT NULL,
    insight TEXT NOT NULL,
    confidence REAL NOT NULL,
    experiments TEXT NOT NULL DEFAULT '[]',
    validation_count INTEGER NOT NULL DEFAULT 1,
    automatic INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (type, pattern)
  );
  CREATE TABLE improvement_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version TEXT NOT NULL,
    summary TEXT NOT NULL,
    improvements TEXT NOT NULL DEFAULT '[]',
    delta TEXT NOT NULL DEFAULT '{}',
    changes TEXT NOT NULL DEFAULT '[]',
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX idx_history_time ON improvement_history(recorded_at);
  CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    details TEXT,
    hash_before TEXT,
    hash_after TEXT,
    prev_hash TEXT,
    hash TEXT NOT NULL
  );
  CREATE INDEX idx_audit_entity ON audit_events(entity, entity_id);
  CREATE TABLE rl_action_stats (
    action_type TEXT NOT NULL,
    action_name TEXT NOT NULL,
    alpha REAL NOT NULL DEFAULT 1,
    beta REAL NOT NULL DEFAULT 1,
    trials INTEGER NOT NULL DEFAULT 0,
    total_outcome REAL NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (action_type, action_name)
  );
  CREATE TABLE rl_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_type TEXT NOT NULL,
    action_name TEXT NOT NULL,
    success INTEGER NOT NULL,
    outcome_value REAL,
    context TEXT,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX idx_outcomes_action ON rl_outcomes(action_type, action_name);
  CREATE TABLE learned_patterns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    context TEXT NOT NULL,
    sequence TEXT NOT NULL,
    support REAL NOT NULL,
    confidence REAL NOT NULL,
    occurrences INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (context, sequence)
  );
  `,
  // 2 (storage): per-day rollups of measurements older than the raw-row cap (see storage/retention.ts);
  // purging a capability drops its rollups too.
  `
  CREATE TABLE performance_rollups (
    capability_name TEXT NOT NULL,
    day TEXT NOT NULL,
    count INTEGER NOT NULL,
    sum REAL NOT NULL,
    sum_sq REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    PRIMARY KEY (capability_name, day)
  ) WITHOUT ROWID;
  CREATE TRIGGER trg_rollups_follow_capability_delete AFTER DELETE ON capability_profiles
  BEGIN
    DELETE FROM performance_rollups WHERE capability_name = old.name;
  END;
  `,
  // 3 (inline review): per-hunk decisions on an improvement, in the order they were made (the latest row of
  // a hunk is its decision); SHA-256 of the document before and after each. Deleting the improvement drops them.
  `
  CREATE TABLE improvement_hunk_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    improvement_id INTEGER NOT NULL,
    hunk_id TEXT NOT NULL,
    hunk_index INTEGER NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approved','rejected','reverted')),
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    hash_before TEXT,
    hash_after TEXT
  );
  CREATE INDEX idx_hunk_decisions_improvement ON improvement_hunk_decisions(improvement_id, id);
  CREATE TRIGGER trg_hunk_decisions_follow_improvement_delete AFTER DELETE ON code_improvements
  BEGIN
    DELETE FROM improvement_hunk_decisions WHERE improvement_id = old.id;
  END;
  `,
  // 4 (measurement loop): an experiment's evidence for the approver (JSON: effect, samples, p-values, guardrails,
  // flips, flags, plan, duration); each capability's noise floor from an A/A run; small key-value metadata
  // (e.g. the capability names each folder's config file declared at its last sync).
  `
  ALTER TABLE improvement_experiments ADD COLUMN evidence TEXT;
  CREATE TABLE capability_noise (
    capability_name TEXT PRIMARY KEY,
    n INTEGER NOT NULL,
    mean REAL NOT NULL,
    sd REAL NOT NULL,
    cv REAL,
    aa_p_value REAL NOT NULL,
    warning TEXT,
    probe_seconds REAL,
    measured_at TEXT NOT NULL
  );
  CREATE TABLE engine_metadata (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 5 (verdicts): which way is better for a hand-registered weakness without a capability (NULL: take the
  // capability's; rows from before this migration without either are refused a verdict, not guessed).
  `
  ALTER TABLE identified_weaknesses ADD COLUMN direction TEXT CHECK (direction IN ('higher','lower'));
  `,
  // 6 (team store, src/team): records pulled from other origins (machines/people/CI) through the team's
  // PostgreSQL store, kept apart from this database's own rows, and the sync cursors (push: the last own row
  // the server acknowledged; pull: the last server sequence number taken per origin and kind).
  `
  CREATE TABLE team_origins (
    origin_id TEXT PRIMARY KEY,
    machine TEXT NOT NULL,
    user_name TEXT NOT NULL,
    label TEXT,
    seen_at TEXT NOT NULL
  );
  CREATE TABLE team_measurements (
    origin_id TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    capability_name TEXT NOT NULL,
    value REAL NOT NULL,
    context TEXT,
    experiment_id INTEGER,
    recorded_at TEXT NOT NULL,
    machine TEXT NOT NULL,
    user_name TEXT NOT NULL,
    commit_sha TEXT,
    branch TEXT,
    PRIMARY KEY (origin_id, local_id)
  ) WITHOUT ROWID;
  CREATE INDEX idx_team_measurements_capability ON team_measurements(capability_name, recorded_at);
  CREATE TABLE team_experiments (
    origin_id TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    finished_at TEXT NOT NULL,
    status TEXT NOT NULL,
    verdict TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (origin_id, local_id, finished_at)
  ) WITHOUT ROWID;
  CREATE TABLE team_audit_events (
    origin_id TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    details TEXT,
    hash_before TEXT,
    hash_after TEXT,
    prev_hash TEXT,
    hash TEXT NOT NULL,
    PRIMARY KEY (origin_id, local_id)
  ) WITHOUT ROWID;
  CREATE TABLE team_outcomes (
    origin_id TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    action_type TEXT NOT NULL,
    action_name TEXT NOT NULL,
    success INTEGER NOT NULL,
    outcome_value REAL,
    context TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (origin_id, local_id)
  ) WITHOUT ROWID;
  CREATE TABLE team_learnings (
    origin_id TEXT NOT NULL,
    type TEXT NOT NULL,
    pattern TEXT NOT NULL,
    insight TEXT NOT NULL,
    confidence REAL NOT NULL,
    experiments TEXT NOT NULL,
    validation_count INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (origin_id, type, pattern, updated_at)
  ) WITHOUT ROWID;
  CREATE TABLE team_cursors (
    direction TEXT NOT NULL CHECK (direction IN ('push','pull')),
    origin_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (direction, origin_id, kind)
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class NewerSchemaError extends Error {
  readonly code = ErrorCode.NewerSchema;
  constructor(readonly found: number) {
    super(`This database was written by a newer version of the extension (schema ${found}, this one knows ${SCHEMA_VERSION}). Update the extension; the file was left untouched.`);
    this.name = 'NewerSchemaError';
  }
}

/** Tables every version of this schema has (migrations only ever add): how a file of ours is told from another application's. */
const OWN_TABLES = ['capability_profiles', 'code_improvements', 'audit_events'];

/** Refuses another application's SQLite file before anything is migrated or saved (issue 19 item 4). */
function assertOurs(db: Database, version: number): void {
  const tables = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
  // Version 0 is a new file: ours only while it is empty (migration 1 sets the version in the same transaction).
  const ours = version === 0 ? tables.length === 0 : OWN_TABLES.every((t) => tables.includes(t));
  if (!ours) throw new ForeignDatabaseError(db.path ?? 'The in-memory database', tables, version);
}

export function migrate(db: Database): void {
  const current = db.userVersion;
  assertOurs(db, current);
  if (current > SCHEMA_VERSION) throw new NewerSchemaError(current);
  if (current === 0) db.run('PRAGMA auto_vacuum = INCREMENTAL');
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.run(MIGRATIONS[v]);
      db.run(`PRAGMA user_version = ${v + 1}`);
    });
  }
}
