-- 0008 (docs/behaviour.md §3.4, §6.1): concurrent delivery and indexed waits.
-- An outbox row knows its tenant ('' for a global message), so the worker can
-- claim each tenant's due events apart and one tenant's dead receiver holds
-- only that tenant's deliveries.  state 4: claimed by the worker, in flight
-- (back to 0 when the server starts again).
-- seq is AUTOINCREMENT now: a row deleted by a reset never lends its seq to a
-- new one, so the worker can tell that an event it holds is gone.
CREATE TABLE outbox_new (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id TEXT NOT NULL UNIQUE,
	message_id TEXT NOT NULL,
	event_type TEXT NOT NULL,
	due_at INTEGER NOT NULL,
	state INTEGER NOT NULL DEFAULT 0,
	tenant TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outbox_new (seq, event_id, message_id, event_type, due_at, state, tenant)
	SELECT seq, event_id, message_id, event_type, due_at, state,
	       coalesce((SELECT tenant FROM messages WHERE messages.id = outbox.message_id), '')
	FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (state, due_at, seq);
CREATE INDEX outbox_by_tenant ON outbox (state, tenant, due_at, seq);
CREATE INDEX outbox_by_message ON outbox (message_id, seq);
-- Finished rows, oldest first, for the retention pass.
CREATE INDEX outbox_finished ON outbox (due_at) WHERE state NOT IN (0, 4);

-- The virtual instant of each attempt, for --webhook-log-retention.
ALTER TABLE webhook_attempts ADD COLUMN vat INTEGER NOT NULL DEFAULT 0;
CREATE INDEX webhook_attempts_by_vat ON webhook_attempts (vat);
CREATE INDEX webhook_attempts_by_tenant ON webhook_attempts (tenant, seq);

-- Every filter of a wait or a listing has an index (GET /_mock/messages,
-- /_mock/messages/latest, an inbound message's tenant by its number).
CREATE INDEX messages_by_to ON messages (to_number, seq);
CREATE INDEX messages_by_from ON messages (from_number, seq);
CREATE INDEX messages_by_tenant_seq ON messages (tenant, seq);
