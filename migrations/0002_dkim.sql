-- DKIM checked here (issue 11): the keys used, kept as DNS served them
-- (providers rotate keys; an archived key lets a mail be checked later),
-- and per event how its authenticity was decided.

-- One row per distinct key: the first time a (domain, selector) record
-- was used, with when and where it was fetched.
CREATE TABLE dkim_key (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    domain     TEXT NOT NULL,
    selector   TEXT NOT NULL,
    txt        TEXT NOT NULL,      -- the TXT record's strings, joined
    fetched_at TEXT NOT NULL,
    dns_server TEXT NOT NULL,      -- the server asked ("system resolver", host:port)
    ttl        INTEGER NOT NULL,   -- the answer's TTL, seconds
    strings    INTEGER NOT NULL,   -- how many character strings it had
    UNIQUE (domain, selector, txt)
) STRICT;

ALTER TABLE event ADD COLUMN auth_by TEXT;        -- local_dkim | server_header
ALTER TABLE event ADD COLUMN dkim TEXT;           -- pass | fail | none | unchecked
ALTER TABLE event ADD COLUMN dkim_domain TEXT;    -- the signing (or vouched-for) domain
ALTER TABLE event ADD COLUMN dkim_selector TEXT;
ALTER TABLE event ADD COLUMN dkim_key INTEGER REFERENCES dkim_key(id);
ALTER TABLE event ADD COLUMN auth_detail TEXT;    -- why, in one clause
ALTER TABLE event ADD COLUMN arrived TEXT;        -- the server's INTERNALDATE, when known
