# Config errors and warnings. Each says what is wrong, then what to do.

config-no-file = no config file here; create one with `optout init --email you@example.org --platform facebook` (or pass --config PATH, or set OPTOUT_CONFIG); `optout init --example` prints every key, explained

config-cannot-read = cannot read the file ({ $error }); check that it exists and that you may read it

config-password-readable = { $path } holds a password and can be read by other users: run `chmod 600 { $path }`, or use password_cmd / password_env

config-in-mailbox = mailbox "{ $name }"

config-mailbox-name-empty = the mailbox name must not be empty; give it a short name such as "gmx"

config-mailbox-twice = mailbox "{ $name }" is defined twice; give each [[mailbox]] its own name

config-no-login = no way to log in: give exactly one of password_keyring = true (then `optout login`), oauth2 = true (then `optout login`), password_cmd, password_env, oauth2_token_cmd, password

config-two-logins = { $second } and { $first } (line { $line }) are both given; keep exactly one of password_keyring, oauth2, password_cmd, password_env, oauth2_token_cmd, password

config-tls-none-remote = tls = "none" would send your password unencrypted to { $host }; it is allowed only for loopback hosts (localhost, 127.0.0.1, ::1). Use "implicit" (port 993) or "starttls" (port 143)

config-port-zero = port 0 is not a port; IMAP is 993 (implicit TLS) or 143

config-authserv-id = authserv_id { $value } is not a server id; write the name your receiving server puts first in its Authentication-Results header (before the first ';'), e.g. "mx.google.com"; `optout check` shows it

config-authserv-id-no-effect = authserv_id has no effect with trust = "sender-domain" (only the From domain is looked at); remove it, or drop the trust line

config-connections-zero = connections must be at least 1; optout needs one connection to the server, 2 is the default

config-folders-empty = folders = [] watches nothing; list the folders to watch, e.g. folders = ["INBOX", "Spam"], or remove the line and optout finds INBOX and the spam folder by itself

config-folder-name-empty = folders holds an empty folder name; remove it, or write the folder's name as the server shows it

config-out-of-range = { $value } is out of range; allowed: { $min } to { $max }

config-why-poll-interval = ; a loopback server (e.g. a local bridge) may be polled every 1s

config-why-idle-renew = ; servers may drop an IDLE after 30 minutes (RFC 2177), GMX after 10-15

config-account-id-word = account id { $id } must be one word, e.g. "fb-max"

config-account-twice = account "{ $id }" is defined twice; give each [[account]] its own id

config-platform-plain = account "{ $id }": platform { $value } must be a plain name such as "facebook", "instagram" or "threads"

config-no-mailbox-defined = none — add a [[mailbox]] section

config-mailbox-undefined = account "{ $id }": mailbox "{ $mailbox }" is not defined; defined: { $defined }

config-unknown-platform = unknown platform "{ $platform }"{ $hint }; known: { $known }

config-account-platform = account "{ $id }": { $problem } (a provider rule file in [rules] dir can add more)

config-did-you-mean = (did you mean "{ $near }"?)

config-unknown-key = unknown key "{ $key }"{ $hint }; allowed here: { $allowed }. Fix the spelling; `optout init --example` prints every key, explained

config-unknown-key-none = unknown key "{ $key }": this section takes no keys; remove it

config-unknown-section = unknown section [{ $key }]{ $hint }; allowed: { $allowed }. Fix the spelling; `optout init --example` prints every section, explained

config-wrong-type = { $key } must be { $expected }, not { $found }; fix the value (`optout init --example` shows one)

config-expected-port = a whole number from 1 to 65535 (without quotes), e.g. 993

config-expected-number = a whole number (without quotes), e.g. 2

config-expected-bool = true or false (without quotes)

config-expected-text = text in double quotes

config-expected-list = a list in square brackets, e.g. ["INBOX", "Spam"]

config-expected-table = a section of its own

config-found-text = the text { $value }

config-found-value = { $value }

config-found-list = a list

config-found-table = a section

config-unknown-choice = { $key } cannot be "{ $value }"{ $hint }; choose one of: { $allowed }

config-section-twice = [{ $section }] appears twice; merge the two into one section

config-key-twice = { $key } is given twice; keep one

config-missing-key = { $key } is missing here; add it (`optout init --example` shows one)

config-bad-duration = { $value } is not a duration; write a number and a unit, e.g. "90s", "15m", "2h", "7d"

config-syntax = this is not valid TOML: { $detail }; compare the line with `optout init --example`

config-watches-no-mailbox = no [[mailbox]] is defined, so there is nothing to watch; add one with `optout init --email you@example.org --platform facebook`

config-watches-no-account = no [[account]] is defined, so nothing is tracked; add one with `optout init --email you@example.org --platform facebook`, or an [[account]] section by hand
