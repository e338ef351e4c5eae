-- 0005 (docs/behaviour.md §2.5): messaging profiles as Telnyx has them, per
-- tenant; the numbers a tenant sends and receives on, each in one profile;
-- the dates and keywords of opt-outs; group MMS.
-- A profile's tenant is NULL for a global one (fixtures, the control API).
-- settings holds its other Telnyx fields as a JSON object (server/profile.c).
ALTER TABLE profiles ADD COLUMN tenant TEXT;
ALTER TABLE profiles ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE profiles ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE profiles ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX profiles_by_tenant ON profiles (tenant, created_at);

-- A tenant's numbers: registered when it first sends from or receives on one,
-- or assigned through PATCH /v2/phone_numbers/{id}/messaging.  id is the
-- numeric string Telnyx uses, a pure function of tenant and number.
CREATE TABLE numbers (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	tenant TEXT NOT NULL,
	phone_number TEXT NOT NULL,
	messaging_profile_id TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '[]',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (tenant, phone_number)
) STRICT;
CREATE INDEX numbers_by_profile ON numbers (tenant, messaging_profile_id, phone_number);

ALTER TABLE blocks ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE blocks ADD COLUMN keyword TEXT;
ALTER TABLE blocks ADD COLUMN messaging_profile_id TEXT;

-- The members of one group MMS share the id of its first message.
ALTER TABLE messages ADD COLUMN group_id TEXT;
CREATE INDEX messages_by_group ON messages (group_id) WHERE group_id IS NOT NULL;
-- cc: the group's other recipients, a JSON array of numbers.
ALTER TABLE messages ADD COLUMN cc TEXT NOT NULL DEFAULT '[]';
