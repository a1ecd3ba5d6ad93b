/**
 * Per-node inputs of a round, decided when the round before it closed (secure aggregation's key
 * roster, each node's inbox of sealed shares, the unmask request). Stored so that a restarted hub
 * serves every node the same task it would have served before: a round's inputs are written with
 * the round and never changed. What a row may hold: public keys, ciphertexts a node sealed for one
 * peer, and the node indices that survived — never a node's statistic, masked or not.
 */
export const ROUND_TASKS = `
CREATE TABLE round_tasks (
  job_id      bigint NOT NULL,
  round       integer NOT NULL,
  node_name   text NOT NULL REFERENCES nodes (name),
  input       jsonb NOT NULL,
  PRIMARY KEY (job_id, round, node_name),
  FOREIGN KEY (job_id, round) REFERENCES job_rounds (job_id, round)
);
`;
