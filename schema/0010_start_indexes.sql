-- 0010 (docs/behaviour.md §7): start-up and resets touch only what they delete.
-- Every start (and every reset) replaces the fixture messages: the partial
-- index holds only those, so the DELETE does not read the other rows.  A
-- tenant's reset deletes its outbox rows by the tenant.
CREATE INDEX messages_fixtures ON messages (seq) WHERE fixture = 1;
CREATE INDEX outbox_by_tenant_only ON outbox (tenant);
