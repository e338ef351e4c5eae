-- 0009 (docs/behaviour.md §3.3, §6.1): what each delivery attempt sent and got
-- back, for GET /_mock/webhooks?detail=true and the inspector's message page.
-- request_body: the body as sent; signature_timestamp, signature: its two
-- signature headers; response_body: the first 4 KiB of the receiver's answer
-- as text (ill-formed UTF-8 replaced), response_truncated 1 when it was longer.
-- Attempts logged before 0009 have NULLs.
ALTER TABLE webhook_attempts ADD COLUMN request_body TEXT;
ALTER TABLE webhook_attempts ADD COLUMN signature_timestamp TEXT;
ALTER TABLE webhook_attempts ADD COLUMN signature TEXT;
ALTER TABLE webhook_attempts ADD COLUMN response_body TEXT;
ALTER TABLE webhook_attempts ADD COLUMN response_truncated INTEGER NOT NULL DEFAULT 0;
