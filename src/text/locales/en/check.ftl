# `optout check`: the report.

check-config = config: { $path } (ok)
check-store = store:  { $path } (ok)
check-store-failed = store:  { $path } (FAILED)
check-rules-builtin = built-in
check-rules-builtin-and = built-in and { $dir }
check-rules = rules:  { $providers } ({ $from }; ok); platforms: { $platforms }
check-mailbox = mailbox { $name }: { $user } at { $host }:{ $port }, tls = "{ $tls }", login via { $how }
check-via-password = password in the config file
check-ok = ok
check-failed = FAILED
check-credential = credential
check-login = login
check-what-to-do = what to do
check-cert-fingerprint = the server's certificate has the SHA-256 fingerprint { $fingerprint }; the line that trusts exactly this certificate:
check-cert-pinned = certificate: pinned by cert_sha256 = "{ $fingerprint }"
check-capabilities = capabilities
check-no-idle = no IDLE: every folder is polled every { $every }
check-spam = spam
check-folder-idle = folder { $folder }: IDLE (push)
check-folder-polled = folder { $folder }: polled every { $every } (connection budget { $budget })
check-suggestion = suggestion: add to this [[mailbox]]: { $lines }
check-warning = warning
check-account = account { $id }: { $platform } via mailbox { $mailbox }{ $to }
check-account-to = to { $address }
check-failed-mailboxes = mailbox failed: { $names }
check-failed-store = the database failed: { $path }
check-authserv-empty = Authentication-Results: INBOX is empty, nothing to look at
check-authserv = Authentication-Results: on { $with } of the { $mails } newest INBOX mails; authserv-id of the topmost: { $topmost }
check-authserv-configured = authserv_id "{ $id }": on { $with } of the { $mails } newest INBOX mails
check-warn-sender-domain = trust = "sender-domain": any mail with a provider's From address counts, even a forged one; use it only if your server adds no Authentication-Results header
check-warn-no-spam-folder = no spam folder found; name it with folders = ["INBOX", "…"]
check-warn-no-authserv-probe = could not look at the Authentication-Results of recent INBOX mail: { $detail }
