-- A scheduled message cancelled by DELETE /v2/messages/{id}, per
-- docs/behaviour.md §2.3: the virtual instant it was cancelled, NULL for every
-- other message.
ALTER TABLE messages ADD COLUMN cancelled_at INTEGER;
