-- Accounts, wave 2: the users read model says who is verified and who is disabled, and finds users by e-mail
-- prefix through an index (text_pattern_ops serves LIKE 'prefix%' whatever the database's collation).
ALTER TABLE users ADD COLUMN IF NOT EXISTS email_verified boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS users_email_prefix ON users (email_normalized text_pattern_ops);
CREATE INDEX IF NOT EXISTS users_display_name_prefix ON users (lower(display_name) text_pattern_ops);
