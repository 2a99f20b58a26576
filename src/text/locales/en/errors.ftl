# Errors: one sentence of cause, one of remedy (src/imap/error.rs, the
# store, the command line).

errors-credential = Cannot get the password for mailbox "{ $mailbox }": { $detail }.
errors-credential-remedy = Run the password command (or check the variable) by hand, or store the password with `optout login { $mailbox }`.
errors-dns = Cannot find the host { $host }.
errors-dns-remedy = Check the name (host in the [[mailbox]] "{ $mailbox }"), or your internet connection.
errors-connect = Cannot connect to { $host }:{ $port } ({ $detail }).
errors-connect-remedy = Check host and port in the config, and whether a firewall or VPN blocks the connection; optout tries again by itself.
errors-connect-refused = the server refuses it
errors-connect-timed-out = no answer
errors-connect-unreachable = its network cannot be reached
errors-plaintext = optout does not send your password unencrypted to { $host }.
errors-plaintext-remedy = Use tls = "implicit" (port 993) or tls = "starttls" (port 143); tls = "none" is only for servers on this computer.
errors-tls-plain-port = { $host } did not answer with TLS on port { $port } (tls = "implicit").
errors-tls-plain-port-remedy = Port { $port } speaks plain IMAP: use tls = "starttls", or port 993.
errors-tls-untrusted = The certificate of { $host } is not trusted ({ $detail }).
errors-tls-untrusted-remedy = If this is your own server and you trust this exact certificate, add to its [[mailbox]]: { $line }
errors-tls-untrusted-remedy-ca = If this is your own server, point ca_file at its CA certificate, or pin the certificate with cert_sha256 (`optout check` shows its fingerprint).
errors-tls-ca-file = Cannot use ca_file: { $detail }.
errors-tls-ca-file-remedy = Point ca_file at a PEM file with the CA certificate.
errors-tls-other = The encrypted connection to { $host } failed ({ $detail }).
errors-tls-other-remedy = Check host, port and tls in the config; optout tries again by itself.
errors-login-refused = The server refused the password for { $user } (mailbox "{ $mailbox }").
errors-login-hint-gmx = At { $provider }, enable IMAP in the web mail settings (E-Mail → Einstellungen → POP3/IMAP Abruf), then check the password.
errors-login-hint-gmail = Gmail needs an app password (which needs two-step verification in your Google account), or OAuth2: `optout login { $mailbox }`.
errors-login-hint-outlook = Outlook no longer accepts passwords over IMAP: sign in with `optout login { $mailbox }`.
errors-login-hint-t-online = T-Online needs the separate E-Mail-Passwort (set it in the Kundencenter), not your login password.
errors-login-hint-other = Check user and password (`optout login { $mailbox }` stores a new one), and whether IMAP is enabled for your account.
errors-protocol = Mailbox "{ $mailbox }": { $detail }.
errors-cannot-login-alert-summary = optout cannot log in to { $mailbox }
errors-database = The database { $path } cannot be opened: { $detail }.
errors-database-not-writable = The database { $path } is not writable (owner: { $owner }).
errors-database-not-writable-remedy = Run optout as that user, or fix the permissions of the file and its folder.
errors-database-corrupt = The database { $path } is damaged or not an optout database.
errors-database-corrupt-remedy = Move it aside (never delete it: it holds your proof mails), e.g. `mv { $path } { $path }.broken`; optout then starts a new one, and the next sync finds the mails again.
errors-database-newer = The database { $path } was written by a newer optout (schema version { $version }; this optout knows up to { $known }).
errors-database-newer-remedy = Use that newer optout (nothing in the file was changed).
errors-unknown-account = unknown account "{ $id }"; known: { $known }
errors-no-accounts = unknown account "{ $id }": { $path } defines no [[account]]
errors-already-running = another `optout watch` is already running for { $db } (it holds { $lock }{ $pid }); stop it first (one watcher per database)
errors-cannot-create = cannot create { $path }
errors-cannot-write = cannot write { $path }
errors-cannot-read = cannot read { $path }

errors-account-elsewhere = The account { $id } is tracked in the database for { $known } (mailbox "{ $mailbox }"), but the config now gives it the address { $address }: two objections would become one.
errors-account-elsewhere-remedy = Give the new address its own account id in the config (`optout init --email { $address }` picks a free one), or put the old address back.
