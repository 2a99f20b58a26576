# Evidence: `optout evidence` (report.html) and `optout verify`.

proof-report-title = Evidence: objection of { $account } ({ $platform })
proof-report-intro = This folder holds the mails { $platform } sent about this objection, exactly as the mail server delivered them, the DKIM keys they were signed with, and a summary with a SHA-256 checksum of each file. Anyone can re-check it with “optout verify” on this folder, without a network.
proof-report-exported = Exported on { $date } by optout.
proof-report-state = Current state: { $state }
proof-report-timeline = Timeline
proof-report-step = Step
proof-report-when = When
proof-step-code = Verification code received
proof-step-submitted = Objection submitted
proof-step-receipt = Receipt from the provider
proof-step-accepted = Decision: objection accepted
proof-step-rejected = Decision: objection rejected
proof-step-decision = Decision
proof-step-deadline = Deadline for a decision (one month, GDPR Art. 12(3))
proof-report-none = —
proof-report-mails = The mails
proof-report-file = File
proof-report-kind = Kind
proof-report-sender = Sender
proof-report-subject = Subject
proof-report-date = Date
proof-report-arrived = Arrived at the mail server
proof-report-folder = Folder
proof-report-sentence = Decisive sentence
proof-report-dkim = Signature (DKIM)
proof-report-sha = SHA-256
proof-dkim-pass = valid: signed by { $domain } (key { $selector }, archived in { $file })
proof-dkim-fail = INVALID: { $detail }
proof-dkim-none = no signature of the sender
proof-dkim-server = not checked here; the receiving mail server vouched for it
proof-dkim-unknown = not recorded (mail stored before optout checked signatures)
proof-kind-receipt = receipt
proof-kind-accepted = accepted
proof-kind-rejected = rejected
proof-report-proves = What this proves: each mail with a valid signature was sent by the signing domain and not changed since, as far as the archived key is the provider's. The key was archived by you when the mail arrived; a key archived by a third party, or a trusted timestamp of summary.json, would prove more (see README, “Evidence”).
proof-evidence-written = { $account }: wrote { $n ->
    [one] 1 mail
   *[other] { $n } mails
} with keys, summary.json and report.html to { $dir }
proof-evidence-empty = { $account }: no proof mails stored yet (receipts and decisions are kept when they arrive); wrote summary.json and report.html to { $dir }
proof-verify-ok-dkim = ok   { $file }: checksum and DKIM signature of { $domain } hold
proof-verify-ok-hash = ok   { $file }: checksum holds (no archived key: the signature cannot be checked)
proof-verify-bad-hash = FAIL { $file }: the file was changed (its SHA-256 differs from summary.json)
proof-verify-missing = FAIL { $file }: the file is missing
proof-verify-no-key = FAIL { $file }: the key file { $key } is missing or unreadable
proof-verify-bad-dkim = FAIL { $file }: the DKIM signature does not hold against { $key }: { $detail }
proof-verify-all-ok = All { $n } mails hold.
proof-verify-failed = { $n ->
    [one] 1 file does not hold
   *[other] { $n } files do not hold
}: { $files }
proof-verify-no-summary = { $dir } has no readable summary.json ({ $error }). Point optout verify at a folder written by optout evidence.

# `optout verify --help` (ids follow src/cli/help.rs; kept here, beside the command's other sentences).
cli-verify-about = Re-check an evidence folder offline: every checksum, every DKIM signature against the archived key (exit 1 naming what fails)
cli-verify-arg-dir = The folder `optout evidence` wrote
