-- 0006 (docs/behaviour.md §2.5): a profile's auto-response settings.  An inbound
-- message whose text is one of keywords (in capitals) gets resp_text back, and
-- op stop or start makes it an opt-out or opt-in keyword.
CREATE TABLE autoresp (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	tenant TEXT NOT NULL,
	profile_id TEXT NOT NULL,
	op TEXT NOT NULL CHECK (op IN ('start', 'stop', 'info')),
	keywords TEXT NOT NULL,
	country_code TEXT NOT NULL,
	resp_text TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX autoresp_by_profile ON autoresp (profile_id, created_at, seq);
