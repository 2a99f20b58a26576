# `optout watch`: ein Postfach, das optout nicht beobachten kann, und der Beobachtungsstand in `status`.

watch-no-answer = Der Server des Postfachs „{ $mailbox }“ antwortet nicht mehr: { $detail }.
watch-no-answer-remedy = optout verbindet sich von selbst neu; hält das an, prüfe die Netzwerkverbindung.

# Der Alarm, wenn ein Postfach nicht beobachtet werden kann, und wenn wieder.
watch-unwatchable-summary = optout sieht das Postfach „{ $mailbox }“ nicht
watch-unwatchable-body = optout sieht das Postfach „{ $mailbox }“ { $minutes ->
    [0] seit { $time }
    [one] seit einer Minute
   *[other] seit { $minutes } Minuten
} nicht: { $reason }. Was dort ankommt (ein Code, Metas Antwort), bleibt unbemerkt, bis das behoben ist.
watch-again-summary = optout sieht das Postfach „{ $mailbox }“ wieder
watch-again-body = Das Postfach „{ $mailbox }“ wird wieder beobachtet; seit { $time } ging das nicht ({ $minutes ->
    [one] eine Minute
   *[other] { $minutes } Minuten
}). Was in der Zwischenzeit ankam, ist nachgeholt.
watch-reason-login-refused = Anmeldung abgelehnt
watch-reason-credential = das Passwort lässt sich nicht abrufen
watch-reason-dns = der Name des Servers lässt sich nicht auflösen
watch-reason-connect = keine Verbindung zum Server
watch-reason-tls = die sichere Verbindung (TLS) scheitert
watch-reason-plaintext = unverschlüsseltes IMAP zu diesem Server ist abgelehnt
watch-reason-no-answer = der Server antwortet nicht (Netzwerk weg?)
watch-reason-protocol = der Server meldet einen Fehler
watch-remedy-login = Prüf das Passwort (`optout login { $mailbox }` speichert ein neues), dann `optout check`.
watch-remedy-check = `optout check` zeigt, was scheitert und was zu ändern ist.
watch-remedy-network = optout versucht es weiter; `optout check` zeigt, was scheitert.

# `optout status`: die Zeilen unter der Tabelle.
watch-status-heading = Postfächer:
watch-status-never = noch nicht beobachtet (läuft `optout watch`?)
watch-status-watched = beobachtet
watch-status-unwatchable = NICHT beobachtet, erster Fehler { $ago }: { $reason }
watch-status-poll = abgefragt
watch-status-synced = zuletzt abgeglichen { $ago }
watch-status-never-synced = nie abgeglichen
watch-status-last-error = letzter Fehler { $ago }: { $reason }
