# `optout init`: what it found, what it wrote, and its questions.

init-need-email = give the address with --email ADDRESS (or run `optout init` on a terminal, and it asks)

init-address-no-at = { $address } is not a mail address (it has no @); write it as name@provider.de

init-address-malformed = { $address } is not a mail address; write just the address, e.g. max@gmx.de

init-address-no-dot = the domain "{ $domain }" has no dot, so no provider can be behind it; check the part after the @ (e.g. gmx.de)

init-unknown-platform = --platform: { $problem } (a platform from a provider rule file is added to the config by hand)

init-cannot-add = cannot add to { $path }: { $error }; fix the file (`optout check` says where), then run init again

init-nothing-to-add = { $email } is set up in { $path } already, with these platforms; nothing to add

init-skipped = skipped { $source }: { $why }

init-settings-from = IMAP settings for { $email } { $from }: { $host }:{ $port } ({ $tls }), user { $user }

init-not-found = could not look further (no network, or the provider publishes no settings); wrote a guess, { $host }:{ $port }: check host and port in the file against your provider's help pages

init-probe-ok = { $host }:{ $port } answers ({ $tls }, certificate trusted); it offers: { $caps }

init-probe-failed = Could not check { $host }:{ $port }: { $error } The settings are written anyway: run `optout check` once the server can be reached.

init-wrote = Wrote { $path }: mailbox "{ $mailbox }", accounts { $ids }

init-enable = First switch on IMAP: { $how }

init-next = Next: sign in once with `optout login { $mailbox }` (it tries the password and keeps it in the OS keyring, never in the file; or signs in with OAuth2), then `optout object { $account }` at Meta's form.

init-wizard-hello = optout needs your mail address and the platforms you object on. Press Enter for the suggestion in [brackets].

init-ask-email = Your mail address (the one Meta writes to):

init-ask-email-again = That is not a mail address; write it as name@provider.de.

init-ask-platforms = Platforms you object on ({ $known }) [facebook]:

init-spam-written = The spam folder on the server is "{ $folder }": written into { $path }.

init-tls-implicit = encrypted
init-tls-starttls = encrypted via STARTTLS
init-tls-none = unencrypted, this machine only
