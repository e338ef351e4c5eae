-- MDR report requests (docs/behaviour.md §4 and §5).  The status is not stored: it follows
-- from created_at and the virtual clock (report.c); failed is set by a fault.
CREATE TABLE reports (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	tenant TEXT NOT NULL,
	origin INTEGER NOT NULL CHECK (origin IN (1, 2)),
	created_at INTEGER NOT NULL,
	start_ms INTEGER NOT NULL,
	end_ms INTEGER NOT NULL,
	name TEXT,
	timezone TEXT NOT NULL,
	include_body INTEGER NOT NULL,
	failed INTEGER NOT NULL DEFAULT 0,
	spec TEXT NOT NULL
) STRICT;

CREATE INDEX reports_by_tenant ON reports (tenant, created_at);

-- Report downloads walk messages by creation time across the tenant and the
-- global fixtures; (received_at, seq) is also the download's resume key.
CREATE INDEX messages_by_time ON messages (received_at);
