-- optout's first schema. Times are RFC 3339 UTC text.

-- The accounts the person tracks, as named in the config ([[account]]).
-- Rows are kept when an account leaves the config: its history is proof.
CREATE TABLE account (
    id         TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    mailbox    TEXT NOT NULL,
    address    TEXT,
    created_at TEXT NOT NULL
) STRICT;

-- Append-only history: every observation and manual command, in order.
-- Replaying it through the tracker reproduces account_state.
CREATE TABLE event (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    account      TEXT NOT NULL REFERENCES account(id),
    kind         TEXT NOT NULL,   -- code | receipt | accepted | rejected | suspicious | expect_code | mark
    at           TEXT NOT NULL,   -- the time the tracker used (mail date, or command time)
    recorded_at  TEXT NOT NULL,   -- when optout stored it
    code         TEXT,
    mark_state   TEXT,            -- for kind = mark
    reason       TEXT,            -- why the classifier decided so
    mailbox      TEXT,
    folder       TEXT,
    uidvalidity  INTEGER,
    uid          INTEGER,
    message_id   TEXT,
    subject      TEXT,
    sender       TEXT,
    fingerprint  TEXT,            -- sha256 of Message-ID + text: one mail, one event
    raw          BLOB             -- the whole mail, kept for proof events
) STRICT;
CREATE UNIQUE INDEX event_one_per_mail ON event(account, fingerprint) WHERE fingerprint IS NOT NULL;
CREATE INDEX event_by_account ON event(account, seq);

-- The tracker's current state per account (derivable from event).
CREATE TABLE account_state (
    account         TEXT PRIMARY KEY REFERENCES account(id),
    state           TEXT NOT NULL,
    since           TEXT NOT NULL,
    code            TEXT,
    code_folder     TEXT,
    expecting_since TEXT,
    submitted_at    TEXT,
    decided_at      TEXT,
    last_event      INTEGER REFERENCES event(seq)
) STRICT;

-- Incremental IMAP sync: per mailbox and folder, the UIDVALIDITY seen and
-- the next UID to fetch.
CREATE TABLE sync_cursor (
    mailbox     TEXT NOT NULL,
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    next_uid    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (mailbox, folder)
) STRICT;

-- Alerts are written here in the same transaction as the state change that
-- caused them, then delivered: at-least-once, deduplicated by key.
CREATE TABLE alert_outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key   TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    account      TEXT NOT NULL,
    payload      TEXT NOT NULL,   -- the alert as JSON (what the hook gets on stdin)
    created_at   TEXT NOT NULL,
    delivered_at TEXT             -- set once every sink has run
) STRICT;
CREATE INDEX alert_outbox_pending ON alert_outbox(id) WHERE delivered_at IS NULL;

-- Which sink delivered which alert: a restart retries only the sinks that
-- had not succeeded.
CREATE TABLE alert_delivery (
    alert_id     INTEGER NOT NULL REFERENCES alert_outbox(id),
    sink         TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    PRIMARY KEY (alert_id, sink)
) STRICT;
