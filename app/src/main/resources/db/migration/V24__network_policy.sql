-- A workspace's network policy (T5): the address ranges (CIDR, IPv4 and IPv6) its members may sign
-- in and work from. Empty: from anywhere.
ALTER TABLE security_settings
    ADD COLUMN allowed_networks text[] NOT NULL DEFAULT '{}';
