/**
 * The clinician review app's state (issue 12), in the hub's database (or a site's own, for the
 * standalone app). Changes are recorded in `audit_log` (0001) in the same transaction.
 *
 * What a row may hold: account names and password hashes (scrypt), session token hashes (never a
 * token), synthetic cohorts and what reviewers said about their records, aggregates of the real
 * data with small cells suppressed. Never a real patient's row: a blinded deck's real records live
 * in the site app's memory only, and `review_blinded_items` keeps whether an item was real, not it.
 */
export const REVIEW_STATE = `
CREATE TABLE review_users (
  name           text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$'),
  role           text NOT NULL CHECK (role IN ('coordinator', 'reviewer')),
  -- scrypt$N$r$p$salt$hash, base64url parts
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL,
  disabled_at    timestamptz
);

CREATE TABLE review_sessions (
  -- SHA-256 of the cookie's token: a database dump opens no session
  token_hash     bytea PRIMARY KEY,
  user_name      text NOT NULL REFERENCES review_users (name),
  csrf           text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);

-- Failed sign-ins per account, for the lock-out that a per-address rate limit cannot give.
CREATE TABLE review_login_failures (
  user_name      text NOT NULL,
  at             timestamptz NOT NULL
);
CREATE INDEX review_login_failures_by_user ON review_login_failures (user_name, at);

CREATE TABLE review_cohorts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  parent_id      bigint REFERENCES review_cohorts (id),
  purpose        text NOT NULL DEFAULT '',
  schema         jsonb NOT NULL,
  -- the model file's JSON text, the report's JSON (and HTML page), when given
  model          text,
  report         jsonb,
  report_html    text,
  synthetic_csv  text NOT NULL,
  records        integer NOT NULL,
  real_summary   jsonb,
  changes        jsonb,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL
);

-- A cohort is regenerated once: its next version is the one the next round reviews.
CREATE UNIQUE INDEX review_cohorts_one_next_version ON review_cohorts (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE review_assignments (
  cohort_id      bigint NOT NULL REFERENCES review_cohorts (id),
  user_name      text NOT NULL REFERENCES review_users (name),
  PRIMARY KEY (cohort_id, user_name)
);

CREATE TABLE review_issue_types (
  id             text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,47}$'),
  label          text NOT NULL,
  description    text NOT NULL DEFAULT '',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL
);

-- Every finding is kept (history); the latest per (cohort, record, reviewer) is the current one.
CREATE TABLE review_findings (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cohort_id      bigint NOT NULL REFERENCES review_cohorts (id),
  record         integer NOT NULL CHECK (record >= 0),
  reviewer       text NOT NULL REFERENCES review_users (name),
  status         text NOT NULL CHECK (status IN ('realistic', 'not-realistic')),
  columns        jsonb NOT NULL DEFAULT '[]',
  issues         jsonb NOT NULL DEFAULT '[]',
  comment        text NOT NULL DEFAULT '',
  at             timestamptz NOT NULL
);
CREATE INDEX review_findings_current ON review_findings (cohort_id, record, reviewer, seq DESC);

CREATE TABLE review_ratings (
  cohort_id      bigint NOT NULL REFERENCES review_cohorts (id),
  reviewer       text NOT NULL REFERENCES review_users (name),
  score          integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment        text NOT NULL DEFAULT '',
  at             timestamptz NOT NULL,
  PRIMARY KEY (cohort_id, reviewer)
);

CREATE TABLE review_decisions (
  cohort_id      bigint NOT NULL REFERENCES review_cohorts (id),
  proposal_key   text NOT NULL,
  rule           jsonb NOT NULL,
  decision       text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  decided_by     text NOT NULL,
  at             timestamptz NOT NULL,
  PRIMARY KEY (cohort_id, proposal_key)
);

CREATE TABLE review_blinded_decks (
  id             text PRIMARY KEY,
  cohort_id      bigint NOT NULL REFERENCES review_cohorts (id),
  reviewer       text NOT NULL REFERENCES review_users (name),
  created_at     timestamptz NOT NULL
);

CREATE TABLE review_blinded_items (
  deck_id        text NOT NULL REFERENCES review_blinded_decks (id),
  item           integer NOT NULL,
  is_real        boolean NOT NULL,
  guess          text CHECK (guess IN ('real', 'synthetic')),
  guessed_at     timestamptz,
  PRIMARY KEY (deck_id, item)
);
`;
