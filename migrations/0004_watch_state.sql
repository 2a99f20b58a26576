-- How `optout watch` sees each mailbox (written by the daemon's watch
-- monitor, read by `optout status`): whether it is watched, since when
-- not, the last error, and per folder IDLE or polling and its last sync.
CREATE TABLE watch_mailbox (
    mailbox           TEXT PRIMARY KEY,
    -- Some folder (or the login) has failed since then; NULL: watched.
    unwatchable_since TEXT,
    -- The episode (its unwatchable_since) the unwatchable alert was raised
    -- for; NULL once the "watching again" alert went out.
    alerted_since     TEXT,
    refusals          INTEGER NOT NULL DEFAULT 0,
    last_sync         TEXT,
    -- The last failure, kept after recovery: its time, kind, detail.
    last_error_at     TEXT,
    last_problem      TEXT,
    last_error        TEXT,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE watch_folder (
    mailbox       TEXT NOT NULL,
    folder        TEXT NOT NULL,
    mode          TEXT,            -- idle | poll
    last_sync     TEXT,
    failing_since TEXT,
    problem       TEXT,
    error         TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (mailbox, folder)
) STRICT;
