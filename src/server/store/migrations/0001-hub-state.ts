/**
 * The hub's tables. What each may hold is part of the privacy design (docs/federation/hub-state.md):
 * no table holds a patient row or one node's unmasked statistic. Submissions are stored exactly as
 * the hub received them (masked for secure aggregation, so each is uniform noise on its own); the
 * hub learns sums only after unmasking, and per-centre reports are the shareable kind, which hold
 * no value of a single patient. Secrets are stored as SHA-256 hashes (tokens carry 256 random bits,
 * so a fast hash loses nothing against guessing), and nodes' keys only as public keys.
 */
export const HUB_STATE = `
CREATE TABLE nodes (
  name        text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  enrolled_at timestamptz NOT NULL,
  -- A revoked node takes part in no new job; its keys stay for reading the audit log.
  revoked_at  timestamptz
);

-- One row per Ed25519 key a node enrolled; re-enrolling (a lost state folder) revokes the old key.
-- The public key is its SPKI DER (44 bytes for Ed25519); its id is the wire's keyIdOf, the base64url
-- of the first 128 bits of SHA-256 over that DER, which the database re-derives to refuse any other.
CREATE TABLE node_keys (
  key_id      text PRIMARY KEY
              CHECK (key_id = rtrim(translate(encode(substring(sha256(public_key) FROM 1 FOR 16),
                                                     'base64'), '+/', '-_'), '=')),
  node_name   text NOT NULL REFERENCES nodes (name),
  public_key  bytea NOT NULL UNIQUE CHECK (length(public_key) = 44),
  enrolled_at timestamptz NOT NULL,
  revoked_at  timestamptz CHECK (revoked_at >= enrolled_at)
);
CREATE UNIQUE INDEX node_keys_one_active ON node_keys (node_name) WHERE revoked_at IS NULL;

CREATE TABLE enrolment_tokens (
  token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  node_name   text NOT NULL CHECK (node_name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL CHECK (expires_at > issued_at),
  used_at     timestamptz,
  used_by_key text REFERENCES node_keys (key_id),
  CHECK ((used_at IS NULL) = (used_by_key IS NULL))
);

CREATE TABLE coordinator_tokens (
  token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  issued_at   timestamptz NOT NULL,
  revoked_at  timestamptz
);

CREATE TABLE jobs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]{0,63}$'),
  -- What the coordinator asked (generator, columns, ε): never data.
  parameters  jsonb NOT NULL CHECK (jsonb_typeof(parameters) = 'object'),
  status      text NOT NULL DEFAULT 'created'
              CHECK (status IN ('created', 'collecting', 'aggregating', 'done', 'aborted')),
  -- Nodes needed to start; t nodes must finish (Shamir threshold of secure aggregation).
  min_nodes   integer NOT NULL,
  threshold   integer NOT NULL,
  created_at  timestamptz NOT NULL,
  deadline    timestamptz NOT NULL CHECK (deadline > created_at),
  updated_at  timestamptz NOT NULL,
  finished_at timestamptz,
  -- What a finished job released (aggregates of at least t nodes) or why it stopped.
  result      jsonb,
  abort_reason text,
  -- Secure aggregation's rule n/2 < t ≤ n (federation/secagg/messages.ts), with n = min_nodes.
  CHECK (threshold >= 2 AND min_nodes >= threshold AND 2 * threshold > min_nodes),
  CHECK ((status IN ('done', 'aborted')) = (finished_at IS NOT NULL)),
  CHECK ((status = 'aborted') = (abort_reason IS NOT NULL))
);
CREATE INDEX jobs_unfinished ON jobs (id) WHERE status NOT IN ('done', 'aborted');

-- The job state machine, enforced by the database too, whatever code writes the row.
CREATE FUNCTION job_transition_allowed(from_status text, to_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT (from_status, to_status) IN (
    ('created', 'collecting'), ('created', 'aborted'),
    ('collecting', 'aggregating'), ('collecting', 'aborted'),
    ('aggregating', 'done'), ('aggregating', 'aborted'))
$$;
CREATE FUNCTION jobs_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT job_transition_allowed(OLD.status, NEW.status) THEN
    RAISE EXCEPTION 'job % cannot go from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER jobs_transition BEFORE UPDATE OF status ON jobs
  FOR EACH ROW EXECUTE FUNCTION jobs_check_transition();

CREATE TABLE job_rounds (
  job_id      bigint NOT NULL REFERENCES jobs (id),
  round       integer NOT NULL CHECK (round >= 0),
  -- The protocol step this round collects (e.g. 'advertise-keys', 'masked-input', 'unmasking').
  purpose     text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]{0,63}$'),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'aborted')),
  opened_at   timestamptz NOT NULL,
  deadline    timestamptz NOT NULL CHECK (deadline > opened_at),
  closed_at   timestamptz,
  PRIMARY KEY (job_id, round),
  CHECK ((status = 'open') = (closed_at IS NULL))
);

-- Exactly what a node uploaded for a round, as received: masked bytes, opaque to the store.
CREATE TABLE submissions (
  job_id      bigint NOT NULL,
  round       integer NOT NULL,
  node_name   text NOT NULL REFERENCES nodes (name),
  key_id      text NOT NULL REFERENCES node_keys (key_id),
  payload     bytea NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (job_id, round, node_name),
  FOREIGN KEY (job_id, round) REFERENCES job_rounds (job_id, round)
);

-- A centre's shareable validation report (suppressed small cells, no row-level value).
CREATE TABLE centre_reports (
  job_id      bigint NOT NULL REFERENCES jobs (id),
  node_name   text NOT NULL REFERENCES nodes (name),
  report      jsonb NOT NULL CHECK (jsonb_typeof(report) = 'object'),
  received_at timestamptz NOT NULL,
  PRIMARY KEY (job_id, node_name)
);

-- Nonces of signed messages, kept as long as their timestamps are accepted, then forgotten.
CREATE TABLE seen_nonces (
  key_id      text NOT NULL,
  nonce       text NOT NULL CHECK (length(nonce) BETWEEN 1 AND 256),
  seen_at     timestamptz NOT NULL,
  -- Held while now <= expires_at, as the verifier accepts a timestamp exactly maxSkewMs old.
  expires_at  timestamptz NOT NULL CHECK (expires_at >= seen_at),
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX seen_nonces_expiry ON seen_nonces (expires_at);

-- Who did what, when. Append-only: the trigger below refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  action      text NOT NULL CHECK (action ~ '^[a-z][a-z0-9.-]{0,63}$'),
  subject     text,
  detail      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object')
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`;
