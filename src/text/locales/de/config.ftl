# Fehler und Warnungen zur Konfiguration. Jede sagt, was falsch ist, und was zu tun ist.

config-no-file = hier gibt es keine Konfigurationsdatei; leg eine an mit `optout init --email du@example.org --platform facebook` (oder gib --config PFAD an, oder setz OPTOUT_CONFIG); `optout init --example` zeigt jeden Eintrag, erklärt

config-cannot-read = die Datei lässt sich nicht lesen ({ $error }); prüf, ob es sie gibt und ob du sie lesen darfst

config-password-readable = { $path } enthält ein Passwort und ist für andere Benutzer lesbar: führ `chmod 600 { $path }` aus, oder nimm password_cmd / password_env

config-in-mailbox = Postfach "{ $name }"

config-mailbox-name-empty = der Name des Postfachs darf nicht leer sein; gib ihm einen kurzen Namen wie "gmx"

config-mailbox-twice = das Postfach "{ $name }" steht zweimal in der Datei; gib jedem [[mailbox]] einen eigenen Namen

config-no-login = keine Anmeldung angegeben: gib genau eins von password_keyring = true (dann `optout login`), oauth2 = true (dann `optout login`), password_cmd, password_env, oauth2_token_cmd, password an

config-two-logins = { $second } und { $first } (Zeile { $line }) stehen beide da; behalte genau eins von password_keyring, oauth2, password_cmd, password_env, oauth2_token_cmd, password

config-tls-none-remote = mit tls = "none" ginge dein Passwort unverschlüsselt an { $host }; das ist nur für den eigenen Rechner erlaubt (localhost, 127.0.0.1, ::1). Nimm "implicit" (Port 993) oder "starttls" (Port 143)

config-port-zero = 0 ist kein Port; IMAP läuft auf 993 (TLS von Anfang an) oder 143

config-authserv-id = authserv_id { $value } ist keine Server-Kennung; schreib den Namen, den dein empfangender Server in seinen Authentication-Results-Kopfzeilen vorn schreibt (vor dem ersten ';'), z. B. "mx.google.com"; `optout check` zeigt ihn

config-authserv-id-no-effect = authserv_id wirkt nicht bei trust = "sender-domain" (dann zählt nur die Absender-Domain); nimm es heraus, oder lösch die trust-Zeile

config-connections-zero = connections muss mindestens 1 sein; optout braucht eine Verbindung zum Server, 2 ist der Standard

config-folders-empty = mit folders = [] wird nichts beobachtet; zähl die Ordner auf, z. B. folders = ["INBOX", "Spam"], oder lösch die Zeile, dann findet optout den Posteingang und den Spam-Ordner selbst

config-folder-name-empty = in folders steht ein leerer Ordnername; lösch ihn, oder schreib den Namen so, wie der Server ihn zeigt

config-out-of-range = { $value } liegt außerhalb des erlaubten Bereichs: { $min } bis { $max }

config-why-poll-interval = ; ein Server auf dem eigenen Rechner (z. B. eine Bridge) darf jede Sekunde abgefragt werden

config-why-idle-renew = ; Server dürfen ein IDLE nach 30 Minuten beenden (RFC 2177), GMX schon nach 10-15

config-account-id-word = die Konto-Kennung { $id } muss ein Wort sein, z. B. "fb-max"

config-account-twice = das Konto "{ $id }" steht zweimal in der Datei; gib jedem [[account]] eine eigene id

config-platform-plain = Konto "{ $id }": die Plattform { $value } muss ein einfacher Name sein wie "facebook", "instagram" oder "threads"

config-no-mailbox-defined = keins — leg einen Abschnitt [[mailbox]] an

config-mailbox-undefined = Konto "{ $id }": das Postfach "{ $mailbox }" gibt es nicht; vorhanden: { $defined }

config-unknown-platform = unbekannte Plattform "{ $platform }"{ $hint }; bekannt: { $known }

config-account-platform = Konto "{ $id }": { $problem } (eine Regeldatei in [rules] dir kann weitere hinzufügen)

config-did-you-mean = (meintest du "{ $near }"?)

config-unknown-key = unbekannter Eintrag "{ $key }"{ $hint }; erlaubt sind hier: { $allowed }. Korrigier die Schreibweise; `optout init --example` zeigt jeden Eintrag, erklärt

config-unknown-key-none = unbekannter Eintrag "{ $key }": dieser Abschnitt hat keine Einträge; lösch ihn

config-unknown-section = unbekannter Abschnitt [{ $key }]{ $hint }; erlaubt sind: { $allowed }. Korrigier die Schreibweise; `optout init --example` zeigt jeden Abschnitt, erklärt

config-wrong-type = { $key } muss { $expected } sein, nicht { $found }; korrigier den Wert (`optout init --example` zeigt ein Beispiel)

config-expected-port = eine ganze Zahl von 1 bis 65535 (ohne Anführungszeichen), z. B. 993

config-expected-number = eine ganze Zahl (ohne Anführungszeichen), z. B. 2

config-expected-bool = true oder false (ohne Anführungszeichen)

config-expected-text = ein Text in doppelten Anführungszeichen

config-expected-list = eine Liste in eckigen Klammern, z. B. ["INBOX", "Spam"]

config-expected-table = ein eigener Abschnitt

config-found-text = der Text { $value }

config-found-value = { $value }

config-found-list = eine Liste

config-found-table = ein Abschnitt

config-unknown-choice = { $key } kann nicht "{ $value }" sein{ $hint }; wähl eins von: { $allowed }

config-section-twice = [{ $section }] steht zweimal in der Datei; fass beide zu einem Abschnitt zusammen

config-key-twice = { $key } steht zweimal da; behalte einen

config-missing-key = { $key } fehlt hier; ergänz es (`optout init --example` zeigt ein Beispiel)

config-bad-duration = { $value } ist keine Zeitdauer; schreib eine Zahl und eine Einheit, z. B. "90s", "15m", "2h", "7d"

config-syntax = das ist kein gültiges TOML: { $detail }; vergleich die Zeile mit `optout init --example`

config-watches-no-mailbox = es ist kein [[mailbox]] eingetragen, also gibt es nichts zu beobachten; leg eins an mit `optout init --email du@example.org --platform facebook`

config-watches-no-account = es ist kein [[account]] eingetragen, also wird nichts verfolgt; leg eins an mit `optout init --email du@example.org --platform facebook`, oder schreib einen Abschnitt [[account]] von Hand
