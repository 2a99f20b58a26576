# Gemeinsame Wörter: relative Zeiten, nächste Schritte in `status`.

time-just-now = gerade eben
time-minutes-ago = { $n ->
    [one] vor 1 Minute
   *[other] vor { $n } Minuten
}
time-hours-ago = { $n ->
    [one] vor 1 Stunde
   *[other] vor { $n } Stunden
}
time-days-ago = { $n ->
    [one] vor 1 Tag
   *[other] vor { $n } Tagen
}

step-object = `optout object { $account }` ausführen: öffnet das Formular, zeigt den Code, sobald er ankommt
step-wait-for-code = auf den Code warten (landet oft im Spam)
step-check-spam = noch kein Code: Spam-Ordner prüfen; Konten mit Zwei-Faktor-Anmeldung bekommen oft keinen — Formular erneut versuchen
step-enter-code = Code im Formular eingeben und absenden
step-wait-for-decision = auf die Entscheidung warten
step-no-answer = seit { $days } Tagen keine Antwort; die Frist ist ein Monat
step-send-reminder = seit { $days } Tagen keine Antwort, Monatsfrist überschritten: Erinnerung senden (`optout letter { $account } --kind reminder`)
step-keep-proof = erledigt — die Bestätigung als Nachweis aufheben (`optout evidence { $account } --out DIR`)
step-consider-complaint = abgelehnt: Beschwerde bei der Datenschutzaufsicht erwägen (`optout letter { $account } --kind complaint`)

# Stände, Hinweise und Ereignisse, wie ein Mensch sie liest (`--json`
# behält die snake_case-Namen).
state-not-started = nicht begonnen
state-awaiting-code = wartet auf Code
state-code-received = Code erhalten
state-submitted = eingereicht
state-accepted = anerkannt
state-rejected = abgelehnt

flag-code-overdue = Code überfällig
flag-reply-overdue = Antwort überfällig
flag-deadline-passed = Frist abgelaufen

event-code = Code
event-receipt = Eingangsbestätigung
event-accepted = anerkannt
event-rejected = abgelehnt
event-suspicious = verdächtig
event-unrecognised = nicht verstanden
event-review = geprüft
event-expect-code = Code erwartet
event-mark = korrigiert
