-- The synthetic population of bench/summaries.py, generated inside PostgreSQL.
-- Sections: prepare (one transaction), fill (one per part of the users, in parallel), finish.
-- @prepare
SELECT setseed(0.42);
-- Bulk load of a throwaway schema: no WAL, no per-row foreign-key triggers, indexes built
-- once at the end.
SET LOCAL session_replication_role = replica;
ALTER TABLE set_records SET UNLOGGED;
ALTER TABLE weigh_ins SET UNLOGGED;
ALTER TABLE log_messages SET UNLOGGED;
ALTER TABLE set_records DROP CONSTRAINT uq_set_records_log_message_id_position;
DROP INDEX ix_set_records_user_logged;
DROP INDEX ix_set_records_workout;
ALTER TABLE log_messages DROP CONSTRAINT uq_log_messages_chat_id_message_id;
DROP INDEX ix_log_messages_user_received;
INSERT INTO users (id, unit, timezone, week_start, deload_every_weeks, rules_off, thresholds,
                   created_at, updated_at)
SELECT g, CASE WHEN g % 5 = 3 THEN 'lb' ELSE 'kg' END, (:zones)[1 + g % 10], 'monday',
       CASE WHEN g % 7 = 0 THEN 0 ELSE 6 END, '[]', '{}', now(), now()
FROM generate_series(1, :users) g;
-- kind 0-9 casual, 10-16 regular, 17-19 dedicated, 1-17 weeks of history (more new users
-- than old ones), w = 0 is the summed week
CREATE UNLOGGED TABLE bench_sessions AS
SELECT row_number() OVER (ORDER BY u.id, w DESC, s) AS sid, u.id AS user_id, w, s,
       u.id % 20 AS kind, u.unit,
       (:week0 - w * interval '7 days' + ((ARRAY[0, 2, 4, 5])[s]) * interval '1 day'
         + (16 + u.id % 5) * interval '1 hour') AS at,
       0.7 + (u.id * 2654435761 % 600) / 1000.0 AS strength
FROM users u
CROSS JOIN LATERAL generate_series(
  0, floor(16 * power(((u.id * 7919) % 1000) / 1000.0, 2))::int) AS w
CROSS JOIN LATERAL generate_series(1, CASE WHEN u.id % 20 < 10 THEN 2
                                           WHEN u.id % 20 < 17 THEN 3 ELSE 4 END) AS s
WHERE random() > 0.1 AND NOT (w = 0 AND u.id % 4 = 1);
CREATE UNLOGGED TABLE bench_lifts AS
SELECT b.*, e, ex.name AS exercise, ex.base, ex.reps AS target
FROM bench_sessions b
CROSS JOIN LATERAL generate_series(1, CASE WHEN b.kind < 10 THEN 3 WHEN b.kind < 17 THEN 4
                                           ELSE 5 END) AS e
CROSS JOIN LATERAL (
  SELECT p.name, p.base, p.reps FROM (VALUES
    (0, 0, 'leg_press', 120, 10), (0, 1, 'bench_press', 50, 8), (0, 2, 'lat_pulldown', 45, 10),
    (0, 3, 'dumbbell_curl', 10, 12), (0, 4, 'cable_fly', 15, 12), (0, 5, 'leg_extension', 40, 12),
    (1, 0, 'back_squat', 90, 5), (1, 1, 'bench_press', 70, 6), (1, 2, 'barbell_row', 60, 8),
    (1, 3, 'overhead_press', 40, 6), (1, 4, 'romanian_deadlift', 80, 8), (1, 5, 'pull_up', 0, 8),
    (1, 6, 'dumbbell_curl', 14, 10), (1, 7, 'triceps_pushdown', 25, 12),
    (1, 8, 'lateral_raise', 8, 15),
    (2, 0, 'back_squat', 120, 5), (2, 1, 'deadlift', 150, 3), (2, 2, 'bench_press', 90, 5),
    (2, 3, 'overhead_press', 55, 5), (2, 4, 'barbell_row', 80, 8), (2, 5, 'pull_up', 0, 8),
    (2, 6, 'leg_press', 200, 10), (2, 7, 'lateral_raise', 10, 15),
    (2, 8, 'dumbbell_curl', 16, 10), (2, 9, 'triceps_pushdown', 30, 12),
    (2, 10, 'lying_leg_curl', 40, 12), (2, 11, 'cable_fly', 20, 12)
  ) AS p(program, slot, name, base, reps)
  WHERE p.program = CASE WHEN b.kind < 10 THEN 0 WHEN b.kind < 17 THEN 1 ELSE 2 END
    AND p.slot = ((b.s - 1) * 2 + e - 1) % CASE WHEN b.kind < 10 THEN 6 WHEN b.kind < 17 THEN 9
                                                 ELSE 12 END
) AS ex;
-- @fill
SELECT setseed(:seed);
SET LOCAL session_replication_role = replica;
INSERT INTO log_messages (id, user_id, chat_id, message_id, text, received_at)
SELECT sid * 8 + e, user_id, user_id, sid * 8 + e, exercise, at + e * interval '12 minutes'
FROM bench_lifts WHERE user_id % :parts = :part;
INSERT INTO set_records (user_id, log_message_id, position, workout_id, exercise, weight, unit,
                         bodyweight, reps, seconds, failure, rpe, rir, warmup, drop, note, line,
                         logged_at)
SELECT l.user_id, l.sid * 8 + l.e, k.k - (CASE WHEN l.e = 1 THEN 0 ELSE 1 END), l.sid * 8 + 1,
       l.exercise,
       CASE WHEN l.base = 0 THEN 0
            ELSE round(l.base * l.strength * (1 + 0.01 * (16 - l.w)) * (CASE WHEN k.k = 0
                       THEN 0.5 ELSE 1 END) * (CASE WHEN l.unit = 'lb' THEN 2.2 ELSE 1 END) / 2.5)
                 * 2.5 END,
       l.unit, l.base = 0,
       greatest(1, l.target + floor(random() * 3)::int - k.k + 1), NULL,
       CASE WHEN k.k > 0 AND random() < (CASE WHEN l.kind < 10 THEN 0.1 WHEN l.kind < 17 THEN 0.2
                                              ELSE 0.35 END) THEN 'concentric' END,
       NULL,
       CASE WHEN k.k > 0 AND random() < 0.6 THEN 1 + floor(random() * 3) END,
       k.k = 0, false, NULL, 1, l.at + l.e * interval '12 minutes'
FROM bench_lifts l
CROSS JOIN LATERAL generate_series(CASE WHEN l.e = 1 THEN 0 ELSE 1 END, 3) AS k(k)
WHERE l.user_id % :parts = :part;
-- @finish
DROP TABLE bench_lifts;
DROP TABLE bench_sessions;
CREATE INDEX ix_set_records_user_logged ON set_records (user_id, logged_at);
-- The workout and log-message indexes serve logging, not summaries: not rebuilt here.
ANALYZE;
