-- 0001: messages, and a small key-value table for the server's own state.
-- Statuses are not stored: they follow from the times (server/lifecycle.c).
-- Times are virtual milliseconds since the Unix epoch.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) STRICT;

CREATE TABLE messages (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	tenant TEXT,                   -- NULL: global (a fixture without a tenant)
	fixture INTEGER NOT NULL DEFAULT 0 CHECK (fixture IN (0, 1)),
	direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
	type TEXT NOT NULL CHECK (type IN ('SMS', 'MMS')),
	messaging_profile_id TEXT,
	from_number TEXT NOT NULL,
	to_number TEXT NOT NULL,
	text TEXT NOT NULL,
	subject TEXT,
	media_urls TEXT NOT NULL,      -- JSON array of URLs
	webhook_url TEXT,
	webhook_failover_url TEXT,
	use_profile_webhooks INTEGER NOT NULL CHECK (use_profile_webhooks IN (0, 1)),
	encoding TEXT NOT NULL CHECK (encoding IN ('GSM-7', 'UCS-2')),
	parts INTEGER NOT NULL CHECK (parts >= 1),
	tags TEXT NOT NULL,            -- JSON array of strings
	received_at INTEGER NOT NULL,  -- accepted by the API (or given by a fixture)
	send_at INTEGER,               -- scheduled start, NULL: at once
	delivered_at INTEGER           -- inbound: handed to the customer, NULL: not yet
) STRICT;

CREATE INDEX messages_by_tenant_time ON messages (tenant, received_at);
