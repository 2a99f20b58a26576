# `optout status`: die Tabelle und die Zeilen unter jedem Konto.

status-no-accounts = Noch keine Konten. Trag ein [[account]] in { $path } ein
status-col-account = KONTO
status-col-platform = PLATTFORM
status-col-state = STAND
status-col-since = SEIT
status-col-code = CODE
status-col-deadline = FRIST
status-col-flags = HINWEISE
status-recent-warnings = in den letzten { $days } Tagen: { $codes ->
    [0] kein unerwarteter Code
    [one] 1 unerwarteter Sicherheitscode
   *[other] { $codes } unerwartete Sicherheitscodes
}, { $phishing ->
    [0] kein Phishing-Versuch
    [one] 1 Mail, die sich als Anbieter ausgibt (Phishing?)
   *[other] { $phishing } Mails, die sich als Anbieter ausgeben (Phishing?)
} — Details: `optout log { $account }`

# Der Code ist älter als `[alerts] code_valid`: eingeben hilft nicht mehr.
status-step-code-expired = dieser Code ist abgelaufen — im Formular einen neuen anfordern (`optout object { $account }` wartet darauf)

# In der Spalte CODE, nach dem Code und seinem Ordner.
status-code-expired = abgelaufen
