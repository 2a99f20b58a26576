# `--help`: one message per command (`cli-COMMAND-about`) and argument
# (`cli-COMMAND-arg-NAME`); see src/cli/help.rs for how ids are derived.

cli-heading-usage = Usage
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-default = default
cli-env = env
cli-possible-values = possible values
cli-value-command = COMMAND

cli-about = Track your GDPR objections to AI training (Meta: Facebook, Instagram, Threads) by watching your mailboxes
cli-long-about = optout watches your mailboxes over IMAP — INBOX and the spam folder — for the mails Meta sends while you object to AI training (GDPR Art. 21): the one-time code, the receipt, the decision. It keeps the state of every objection in a local SQLite database, tells you on the desktop when a code arrives or an answer is overdue, and keeps the acceptance mail as proof.
cli-after-help = First steps: `optout init --email you@example.org --platform facebook`, then `optout check`.
    Exit codes: 0 ok, 2 usage or config error, 1 anything else.

cli-arg-config = The config file [default: ~/.config/optout/config.toml]
cli-arg-verbose = More log output (-v: debug, -vv: trace); RUST_LOG overrides
cli-arg-help = Print help
cli-arg-help-more = Print help (more with --help)
cli-arg-help-long = Print help (-h: a summary)
cli-arg-version = Print version

cli-help-about = Print this help or the help of the given command

cli-watch-about = Watch the mailboxes (INBOX and spam) and alert; runs until stopped
cli-watch-arg-once = Sync every folder once, process, deliver alerts, exit (for cron)

cli-status-about = Where each objection stands, and what to do next
cli-status-arg-account = Only this account (its id in the config)
cli-status-arg-json = Print JSON (an array, one object per account)

cli-log-about = The event history: every mail recognised and every manual command
cli-log-arg-account = Only this account (its id in the config)
cli-log-arg-json = Print JSON (an array of events, oldest first)

cli-expect-code-about = Say "I just asked for a code": starts the code timer
cli-expect-code-arg-account = The account you asked for a code for (its id in the config)
cli-expect-code-arg-force = Reopen an objection the provider already accepted

cli-mark-about = Correct an account's state by hand
cli-mark-arg-account = The account to correct (its id in the config)
cli-mark-arg-state = not_started, awaiting_code, code_received, submitted, accepted or rejected

cli-evidence-about = Export the proof mails of an account: .eml files, the DKIM keys, summary.json and report.html (printable)
cli-evidence-arg-account = The account whose proof to export (its id in the config)
cli-evidence-arg-out = The folder to write to (created if missing)

cli-init-about = Write a config for your address, or add it to the one you have (never overwrites: your comments and edits stay)
cli-init-arg-email = The address Meta writes to, e.g. max@gmx.de
cli-init-arg-platforms = A platform you object on (repeatable): facebook, instagram, threads
cli-init-arg-ca_file = A CA certificate (PEM) your self-hosted server's certificate is signed with
cli-init-arg-example = Print the example config (config.example.toml, every setting explained) and exit

cli-check-about = Validate the config and the provider rules, log in to every mailbox, and show what optout will watch and how
cli-check-arg-json = Print JSON (one object: config, warnings, rules, mailboxes, accounts)

cli-classify-about = What optout makes of mails (.eml files), and why; works without a config
cli-classify-arg-files = The mails to look at, as saved by your mail program (.eml)
cli-classify-arg-json = Print JSON (an array, one object per file)
cli-classify-arg-trust = Which mails may change a state: authentication-results (the server's verdict) or sender-domain
cli-classify-arg-authserv_id = Only Authentication-Results headers from this server id (or a subdomain of it) count, as with a mailbox's `authserv_id`

cli-letter-about = Print a reminder to the provider or a complaint to the authority
cli-letter-arg-account = The account the letter is about (its id in the config)
cli-letter-arg-kind = reminder: to the provider (Art. 12(3) GDPR); complaint: to the data protection authority (Art. 77 GDPR)
cli-letter-arg-lang = The letter's language [default: [alerts] language, else the locale]

cli-service-about = Run `optout watch` as a user service (systemd on Linux, launchd on macOS)
cli-service-install-about = Write the service file (never overwrites a changed one without --force)
cli-service-install-arg-force = Replace a service file that differs
cli-service-uninstall-about = Remove the service file

cli-completions-about = Print a shell completion script (bash, zsh or fish)
cli-completions-arg-shell = The shell: bash, zsh or fish
cli-completions-long-about = Print a shell completion script. Install it, for example:
    bash: optout completions bash > ~/.local/share/bash-completion/completions/optout
    zsh:  optout completions zsh > ~/.zfunc/_optout
    fish: optout completions fish > ~/.config/fish/completions/optout.fish

cli-man-about = Print the manual page (roff), e.g. `optout man | man -l -`
cli-man-arg-out = Write one page per command into this folder instead (optout.1, optout-status.1, …)
cli-man-cannot-write = cannot write the manual pages into { $dir }

cli-review-about = Mails from the provider that optout did not understand: say what each one is (asks on a terminal)
cli-review-arg-account = The account whose mails to review (all, if not named)
cli-review-arg-mail = The mail to answer (its number in the list)
cli-review-arg-answer = What the mail is: code, receipt, accepted, rejected or not-relevant
