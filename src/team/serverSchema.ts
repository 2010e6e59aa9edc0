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
  // 2: distributed experiment runs. A run is cut into blocks; a block runs both arms on one machine; its result
  // is keyed by (run, block), so a block that was retried after its worker died is stored (and counted) once.
  // The queue itself is pg-boss's, in its own schema (si_team_queue), created by pg-boss.
  `
  CREATE TABLE si_team.runs (
    run_id TEXT PRIMARY KEY,
    origin_id TEXT,
    experiment_id BIGINT,
    capability_name TEXT NOT NULL,
    spec JSONB NOT NULL,
    blocks INTEGER NOT NULL CHECK (blocks > 0),
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','cancelled')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
  );
  CREATE TABLE si_team.block_results (
    run_id TEXT NOT NULL REFERENCES si_team.runs(run_id) ON DELETE CASCADE,
    block_index INTEGER NOT NULL,
    machine TEXT NOT NULL,
    worker_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    baseline JSONB NOT NULL,
    candidate JSONB NOT NULL,
    durations_ms JSONB,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, block_index)
  );
  CREATE TABLE si_team.block_attempts (
    id BIGSERIAL PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES si_team.runs(run_id) ON DELETE CASCADE,
    block_index INTEGER NOT NULL,
    machine TEXT NOT NULL,
    worker_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    outcome TEXT,
    detail TEXT
  );
  CREATE INDEX block_attempts_run ON si_team.block_attempts (run_id, block_index);
  `,
  // 3: what a block measured besides the target (timing guardrails' series, the cascade pre-block's suites),
  // and the workers' heartbeats (who is alive: "improve" measures through the workers only when one is).
  `
  ALTER TABLE si_team.block_results ADD COLUMN IF NOT EXISTS extras JSONB;
  CREATE TABLE IF NOT EXISTS si_team.workers (
    worker_id TEXT PRIMARY KEY,
    machine TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen TIMESTAMPTZ NOT NULL DEFAULT now()
  );
  `,
];

export const SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS.length;
