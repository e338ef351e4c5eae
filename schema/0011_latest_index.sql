-- 0011 (docs/behaviour.md §6.1): GET /_mock/messages/latest?to=N&tenant=K finds its row by the
-- number and the tenant together, however many messages other tenants have to N (the lookup
-- by to_number alone filtered the tenant row by row: with 210,000 of another tenant's messages
-- to N, waiters held the server).
CREATE INDEX messages_by_to_tenant ON messages (to_number, tenant, seq);
