# `optout watch`: a mailbox it cannot watch, and the watch state in `status`.

watch-no-answer = The server of mailbox "{ $mailbox }" stopped answering: { $detail }.
watch-no-answer-remedy = optout reconnects by itself; if this goes on, check the network connection.

# The alert when a mailbox cannot be watched, and when it can again.
watch-unwatchable-summary = optout cannot see mailbox "{ $mailbox }"
watch-unwatchable-body = optout has not been able to watch mailbox "{ $mailbox }" { $minutes ->
    [0] since { $time }
    [one] for a minute
   *[other] for { $minutes } minutes
}: { $reason }. Mail there (a code, Meta's answer) goes unnoticed until this is fixed.
watch-again-summary = optout sees mailbox "{ $mailbox }" again
watch-again-body = Mailbox "{ $mailbox }" is watched again; it could not be watched since { $time } ({ $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}). Mail that arrived meanwhile has been caught up.
watch-reason-login-refused = the server refused the login
watch-reason-credential = the password could not be fetched
watch-reason-dns = the server's name does not resolve
watch-reason-connect = no connection to the server
watch-reason-tls = the secure connection (TLS) fails
watch-reason-plaintext = unencrypted IMAP is refused for this server
watch-reason-no-answer = the server does not answer (network down?)
watch-reason-protocol = the server reports an error
watch-remedy-login = Check the password (`optout login { $mailbox }` stores a new one), then `optout check`.
watch-remedy-check = `optout check` shows what fails and what to change.
watch-remedy-network = optout keeps trying; `optout check` shows what fails.

# `optout status`: the lines under the table.
watch-status-heading = Mailboxes:
watch-status-never = not watched yet (is `optout watch` running?)
watch-status-watched = watched
watch-status-unwatchable = NOT watched, first failure { $ago }: { $reason }
watch-status-poll = polled
watch-status-synced = last sync { $ago }
watch-status-never-synced = never synced
watch-status-last-error = last error { $ago }: { $reason }
