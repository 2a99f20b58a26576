# `optout log`, `optout expect-code`, `optout mark`.

log-no-events = No events yet.
log-mark = corrected to { $state }
log-code = code { $code }
log-in-folder = in { $mailbox }/{ $folder }
log-subject = "{ $subject }"
log-expect-code-waiting = { $account }: waiting for the code. If none arrives within { $timeout }, check the spam folder; `optout watch` tells you when it comes.
log-mark-unknown-state = unknown state "{ $state }": use one of { $known }
log-marked = { $account }: now { $state }
