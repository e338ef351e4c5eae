-- Messaging profiles (docs/behaviour.md §2.4, §6): global, set through the control API
-- or fixtures; a message links one with messaging_profile_id.
CREATE TABLE profiles (
	id TEXT PRIMARY KEY,
	webhook_url TEXT,
	webhook_failover_url TEXT,
	connection_id TEXT,
	fixture INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Webhook events waiting for delivery (docs/behaviour.md §3), written in the same
-- transaction as the message, so they survive a restart.  due_at is virtual.
-- state: 0 pending, 1 delivered, 2 every target failed, 3 nothing to deliver to.
CREATE TABLE outbox (
	seq INTEGER PRIMARY KEY,
	event_id TEXT NOT NULL UNIQUE,
	message_id TEXT NOT NULL,
	event_type TEXT NOT NULL,
	due_at INTEGER NOT NULL,
	state INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, due_at, seq);

-- Every delivery attempt, for GET /_mock/webhooks.  at is real time (ms).
CREATE TABLE webhook_attempts (
	seq INTEGER PRIMARY KEY,
	event_id TEXT NOT NULL,
	message_id TEXT NOT NULL,
	tenant TEXT,
	event_type TEXT NOT NULL,
	url TEXT NOT NULL,
	attempt INTEGER NOT NULL,
	at INTEGER NOT NULL,
	status INTEGER,
	error TEXT,
	latency_ms INTEGER NOT NULL,
	ok INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_by_message ON webhook_attempts (message_id);

-- Opt-outs (docs/behaviour.md §2.3): after an inbound STOP from recipient to sender,
-- sends from sender to recipient are refused.  tenant NULL: for everyone.
CREATE TABLE blocks (
	seq INTEGER PRIMARY KEY,
	tenant TEXT,
	sender TEXT NOT NULL,
	recipient TEXT NOT NULL
) STRICT;
CREATE INDEX blocks_by_pair ON blocks (sender, recipient);
