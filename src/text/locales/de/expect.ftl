# `optout expect-code`: was es getan hat, und ob jemand zuhört.

# Das Konto ist `accepted`: ein neuer Code würde einen erledigten Widerspruch wieder öffnen.
expect-accepted-needs-force = { $account }: { $provider } hat diesen Widerspruch am { $date } anerkannt. `optout expect-code` würde ihn wieder öffnen (zurück auf „wartet auf Code“, der Code-Timer läuft neu); wenn du wirklich erneut widersprichst: `optout expect-code { $account } --force`

expect-watcher-running = Für diese Datenbank läuft ein Wächter ({ $pid }): er meldet den Code, sobald er ankommt.

expect-watcher-pid = PID { $pid }

expect-watcher-unknown-pid = PID unbekannt

expect-no-watcher = Für diese Datenbank ({ $db }) läuft kein Wächter, also sieht niemand den Code ankommen. Starte einen: `optout watch` (in diesem Terminal), `optout service install` (im Hintergrund, ab jetzt immer) oder `optout object { $account }` (der Ablauf am Formular: wartet auf den Code und zeigt ihn).
