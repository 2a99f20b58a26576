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

step-object = im Formular widersprechen, dann `optout expect-code { $account }` ausführen
step-wait-for-code = auf den Code warten (landet oft im Spam)
step-check-spam = noch kein Code: Spam-Ordner prüfen; Konten mit Zwei-Faktor-Anmeldung bekommen oft keinen — Formular erneut versuchen
step-enter-code = Code im Formular eingeben und absenden
step-wait-for-decision = auf die Entscheidung warten
step-no-answer = seit { $days } Tagen keine Antwort; die Frist ist ein Monat
step-send-reminder = seit { $days } Tagen keine Antwort, Monatsfrist überschritten: Erinnerung senden (`optout letter { $account } --kind reminder`)
step-keep-proof = erledigt — die Bestätigung als Nachweis aufheben (`optout evidence { $account } --out DIR`)
step-consider-complaint = abgelehnt: Beschwerde bei der Datenschutzaufsicht erwägen (`optout letter { $account } --kind complaint`)
