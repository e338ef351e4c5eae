-- 0007 (docs/behaviour.md §5.1): MDR usage reports, the aggregates of the same
-- records the batch reports select.  origin 1: /v2/reports/mdr_usage_reports,
-- 2: /v2/legacy/reporting/usage_reports/messaging.  aggregation 0: none,
-- 1: by profile, 2: by tag.  The status follows from created_at and the clock.
CREATE TABLE usage_reports (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	tenant TEXT NOT NULL,
	origin INTEGER NOT NULL CHECK (origin IN (1, 2)),
	aggregation INTEGER NOT NULL CHECK (aggregation IN (0, 1, 2)),
	start_ms INTEGER NOT NULL,
	end_ms INTEGER NOT NULL,
	profiles TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	failed INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX usage_by_tenant ON usage_reports (tenant, origin, created_at);
