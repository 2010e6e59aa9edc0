// The team store's schema in PostgreSQL: numbered migrations, applied in order by whoever connects first
// (under an advisory lock, so two machines starting at once do not race). Never edit a shipped one: add one.
// Everything lives in the schema si_team; records are append-only and keyed by (origin, the origin's own id).
export const TEAM_SCHEMA = 'si_team';

export const SERVER_MIGRATIONS: readonly string[] = [
  // 1: origins and the replicated records. `seq` orders each table; a pull takes an origin's rows by seq.
  // Hashed audit content is kept as the exact text that was hashed (details TEXT, at TEXT), never re-encoded.
  `
  CREATE TABLE si_team.origins (
    origin_id TEXT PRIMARY KEY,
    machine TEXT NOT NULL,
    user_name TEXT NOT NULL,
    label TEXT,
    first_seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_push TIMESTAMPTZ
  );
  CREATE TABLE si_team.measurements (
    seq BIGSERIAL PRIMARY KEY,
    origin_id TEXT NOT NULL REFERENCES si_team.origins(origin_id),
    local_id BIGINT NOT NULL,
    capability_name TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    context JSONB,
    experiment_id BIGINT,
    recorded_at TEXT NOT NULL,
    machine TEXT NOT NULL,
    user_name TEXT NOT NULL,
    commit_sha TEXT,
    branch TEXT,
    UNIQUE (origin_id, local_id)
  );
  CREATE INDEX measurements_capability ON si_team.measurements (capability_name, recorded_at);
  CREATE INDEX measurements_origin_seq ON si_team.measurements (origin_id, seq);
  CREATE TABLE si_team.experiments (
    seq BIGSERIAL PRIMARY KEY,
    origin_id TEXT NOT NULL REFERENCES si_team.origins(origin_id),
    local_id BIGINT NOT NULL,
    finished_at TEXT NOT NULL,
    status TEXT NOT NULL,
    verdict TEXT,
    record JSONB NOT NULL,
    UNIQUE (origin_id, local_id, finished_at)
  );
  CREATE INDEX experiments_origin_seq ON si_team.experiments (origin_id, seq);
  CREATE TABLE si_team.audit_events (
    seq BIGSERIAL PRIMARY KEY,
    origin_id TEXT NOT NULL REFERENCES si_team.origins(origin_id),
    local_id BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    details TEXT,
    hash_before TEXT,
    hash_after TEXT,
    prev_hash TEXT,
    hash TEXT NOT NULL,
    UNIQUE (origin_id, local_id)
  );
  CREATE INDEX audit_events_origin_seq ON si_team.audit_events (origin_id, seq);
  CREATE TABLE si_team.outcomes (
    seq BIGSERIAL PRIMARY KEY,
    origin_id TEXT NOT NULL REFERENCES si_team.origins(origin_id),
    local_id BIGINT NOT NULL,
    action_type TEXT NOT NULL,
    action_name TEXT NOT NULL,
    success BOOLEAN NOT NULL,
    outcome_value DOUBLE PRECISION,
    context JSONB,
    recorded_at TEXT NOT NULL,
    UNIQUE (origin_id, local_id)
  );
  CREATE INDEX outcomes_origin_seq ON si_team.outcomes (origin_id, seq);
  CREATE TABLE si_team.learnings (
    seq BIGSERIAL PRIMARY KEY,
    origin_id TEXT NOT NULL REFERENCES si_team.origins(origin_id),
    type TEXT NOT NULL,
    pattern TEXT NOT NULL,
    insight TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    experiments JSONB NOT NULL,
    validation_count INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (origin_id, type, pattern, updated_at)
  );
  CREATE INDEX learnings_origin_seq ON si_team.learnings (origin_id, seq);
  `,
];

export const SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS.length;
