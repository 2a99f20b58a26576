# `optout log`, `optout expect-code`, `optout mark`.

log-no-events = Noch keine Ereignisse.
log-mark = korrigiert auf „{ $state }“
log-code = Code { $code }
log-in-folder = in { $mailbox }/{ $folder }
log-subject = „{ $subject }“
log-expect-code-waiting = { $account }: wartet auf den Code. Kommt innerhalb von { $timeout } keiner, sieh im Spam-Ordner nach; `optout watch` sagt dir Bescheid, sobald er da ist.
log-mark-unknown-state = unbekannter Stand „{ $state }“: nimm einen von { $known }
log-marked = { $account }: jetzt „{ $state }“
