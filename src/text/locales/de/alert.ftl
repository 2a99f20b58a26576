# Desktop-Benachrichtigungen (src/alerts/text.rs): Überschrift und Text pro Meldung.

alert-found-in-spam = Gefunden im Spam-Ordner ({ $folder }).
alert-found-in = Gefunden in { $folder }.
alert-copy-code = Code kopieren

alert-unexpected-code-summary = Unerwarteter { $p }-Sicherheitscode: { $code }
alert-unexpected-code-body = Du hast keinen Code angefordert (optout expect-code { $acct }). Vielleicht versucht jemand, sich bei deinem { $p }-Konto { $acct } anzumelden. Gib den Code nie weiter; warst du es nicht, ändere dein Passwort. { $found }
alert-code-summary = { $p }-Code: { $code }
alert-code-body = Für deinen Widerspruch ({ $p }, Konto { $acct }): im Formular eingeben. { $found }
alert-receipt-summary = { $p } hat deinen Widerspruch erhalten
alert-receipt-body-overdue = Konto { $acct }: der Widerspruch wurde am { $submitted } eingereicht. { $p } musste innerhalb eines Monats antworten (Art. 12 Abs. 3 DSGVO), bis { $deadline }; die Frist ist abgelaufen. Erinnerung senden: optout letter { $acct } --kind reminder.
alert-receipt-body = Konto { $acct }: der Widerspruch ist eingereicht. { $p } muss innerhalb eines Monats antworten (Art. 12 Abs. 3 DSGVO), bis { $deadline }. optout wacht weiter.
alert-accepted-summary = { $p } hat deinen Widerspruch anerkannt
alert-accepted-body = Konto { $acct }: erledigt. Die Mail als Nachweis aufheben (optout evidence { $acct } --out DIR). { $found }
alert-rejected-summary = { $p } lehnt deinen Widerspruch ab
alert-rejected-body = Konto { $acct }: { $p } will nichts weiter unternehmen. Du kannst dich bei der Datenschutzaufsicht beschweren (optout letter { $acct } --kind complaint). { $found }
alert-code-overdue-summary = Noch kein { $p }-Code
alert-code-overdue-body = Konto { $acct }: Code angefordert um { $time } Uhr. Sieh im Spam-Ordner nach; Konten mit Zwei-Faktor-Anmeldung bekommen oft keinen Code; versuche das Formular erneut.
alert-reply-overdue-summary = { $days ->
    [one] Seit 1 Tag keine Antwort von { $p }
   *[other] Seit { $days } Tagen keine Antwort von { $p }
}
alert-reply-overdue-body = Konto { $acct }: Widerspruch eingereicht am { $submitted }, noch keine Entscheidung. Die gesetzliche Frist ist ein Monat (Art. 12 Abs. 3 DSGVO): { $deadline }.
alert-deadline-passed-summary = { $p } hat die Monatsfrist versäumt
alert-deadline-passed-body = Konto { $acct }: eingereicht am { $submitted }, keine Entscheidung bis { $deadline } (Art. 12 Abs. 3 DSGVO). Erinnerung senden: optout letter { $acct } --kind reminder — oder beschweren: optout letter { $acct } --kind complaint.
alert-suspicious-summary = Möglicher Phishing-Versuch: Mail gibt sich als { $p } aus
alert-suspicious-body = Eine Mail in { $folder } klingt wie { $p }, kommt aber nicht von { $p }. Keine Links anklicken, nirgends einen Code eingeben.{ $detail }
