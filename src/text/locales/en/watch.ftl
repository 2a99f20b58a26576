# `optout watch`: a mailbox it cannot watch, and the watch state in `status`.

watch-no-answer = The server of mailbox "{ $mailbox }" stopped answering: { $detail }.
watch-no-answer-remedy = optout reconnects by itself; if this goes on, check the network connection.
