# optout login: Anmelden mit Passwort (in den Schlüsselbund des Systems) oder OAuth2.

login-via-keyring = Passwort aus dem Schlüsselbund (optout login)
login-via-oauth2 = OAuth2 (optout login)
login-unknown-mailbox = unbekanntes Postfach „{ $name }“; die Konfiguration hat: { $known }
login-ask-password = Passwort für { $user } bei { $host } (wird nicht angezeigt):
login-not-a-terminal = Kein Terminal, um nach dem Passwort zu fragen: gib es mit --password-stdin über die Standardeingabe, z. B. `printf '%s\n' "$PW" | optout login { $mailbox } --password-stdin`.
login-empty-password = Das Passwort ist leer: nichts wurde gespeichert.
login-trying = Probiere es bei { $host }…
login-nothing-stored = Nichts wurde gespeichert, die Konfiguration ist unverändert.
login-password-stored = Angemeldet bei { $host } als { $user }. Das Passwort liegt im Schlüsselbund ({ $store }); das Postfach „{ $mailbox }“ liest es von dort (password_keyring = true in { $path }).
login-config-failed = Angemeldet und gespeichert, aber { $path } ließ sich nicht ändern ({ $detail }): setze { $key } = true im [[mailbox]] „{ $mailbox }“ selbst.
login-no-keyring = Hier ist kein Schlüsselbund erreichbar.
login-no-keyring-alternatives = Auf einem Rechner ohne Desktop-Sitzung gib das Passwort im [[mailbox]] anders an: password_env = "VARIABLE" (aus einer Umgebungsvariable), password_cmd = "BEFEHL" (ein Befehl, der es ausgibt) oder password = "…" in einer Konfigurationsdatei, die nur du lesen kannst (chmod 600).
login-keyring-locked = Der Schlüsselbund ist gesperrt oder verweigert den Zugriff für das Postfach „{ $mailbox }“ ({ $detail }): entsperre ihn (am Desktop anmelden oder die Schlüsselbund-App öffnen) und versuche es noch einmal.
login-keyring-missing = Im Schlüsselbund liegt kein Passwort für das Postfach „{ $mailbox }“ ({ $account }): speichere es mit `optout login { $mailbox }`.
login-keyring-failed = Der Schlüsselbund hat für das Postfach „{ $mailbox }“ versagt: { $detail }.
login-oauth2-unknown = Postfach „{ $mailbox }“: optout kennt keine OAuth2-Anmeldung für { $host }. Gib oauth2_auth_url, oauth2_token_url und oauth2_client_id des Anbieters im [[mailbox]] an, oder nimm ein Passwort (`optout login { $mailbox } --password`) oder oauth2_token_cmd.
login-oauth2-no-client-id = Postfach „{ $mailbox }“: Die OAuth2-Anmeldung bei { $provider } braucht eine Client-ID, und optout hat noch keine eigene Registrierung. Registriere eine unter { $register } und trage oauth2_client_id = "…" in den [[mailbox]] ein. Oder nimm ein App-Passwort (`optout login { $mailbox } --password`) oder einen Token-Befehl (oauth2_token_cmd, z. B. mit oama).
login-oauth2-insecure = Postfach „{ $mailbox }“: { $url } ist keine https-Adresse; die Tokens gingen unverschlüsselt übers Netz. Nur ein Server auf diesem Rechner darf http nutzen.
login-oauth2-no-refresh-token = Postfach „{ $mailbox }“: Der Anbieter hat kein Refresh-Token geschickt, also kann optout den Zugang nicht selbst erneuern. Führe `optout login { $mailbox }` noch einmal aus (manche Anbieter schicken es nur bei der ersten Zustimmung: entferne vorher den Zugriff von optout in deinen Kontoeinstellungen).
login-oauth2-not-signed-in = Das Postfach „{ $mailbox }“ ist noch nicht angemeldet: führe `optout login { $mailbox }` aus.
login-oauth2-refresh-refused = Die Anmeldung des Postfachs „{ $mailbox }“ ist abgelaufen oder wurde widerrufen ({ $detail }): melde dich neu an mit `optout login { $mailbox }`.
login-oauth2-refresh-failed = Postfach „{ $mailbox }“: Der Zugang ließ sich nicht erneuern ({ $detail }); optout versucht es von selbst wieder.
login-oauth2-open = Öffne diese Adresse im Browser und melde dich bei { $provider } an:
login-oauth2-opened = Dein Browser öffnet die Anmeldeseite von { $provider }; falls nicht, öffne diese Adresse:
login-oauth2-waiting = Warte auf die Anmeldung (höchstens { $minutes } Minuten)…
login-oauth2-device = Öffne auf einem beliebigen Gerät { $url } und gib den Code { $code } ein (gültig für { $minutes } Minuten).
login-oauth2-page-done = Angemeldet. Du kannst diesen Tab schließen und zu optout zurückkehren.
login-oauth2-page-failed = Die Anmeldung hat nicht geklappt: { $detail }. In optout steht, was zu tun ist.
login-oauth2-denied = Die Anmeldung wurde nicht abgeschlossen ({ $detail }). Führe `optout login { $mailbox }` noch einmal aus.
login-oauth2-timeout = Keine Anmeldung innerhalb von { $minutes } Minuten. Führe `optout login { $mailbox }` noch einmal aus.
login-oauth2-state-mismatch = Die Antwort gehörte nicht zu dieser Anmeldung; nichts wurde gespeichert. Führe `optout login { $mailbox }` noch einmal aus.
login-oauth2-token-failed = { $provider } hat die Tokens nicht herausgegeben: { $detail }.
login-oauth2-listen-failed = Kann auf diesem Rechner nicht auf die Antwort des Browsers warten ({ $detail }).
login-oauth2-stored = Angemeldet bei { $provider } als { $user }. Das Refresh-Token liegt im Schlüsselbund ({ $store }); das Postfach „{ $mailbox }“ erneuert seinen Zugang selbst (oauth2 = true in { $path }).
login-oauth2-no-device = { $provider } bietet keine Anmeldung mit einem Code auf einem anderen Gerät: führe `optout login { $mailbox }` auf einem Rechner mit Browser aus, oder mit --no-browser und öffne die ausgegebene Adresse auf diesem Rechner.

cli-login-about = Bei einem Postfach anmelden: mit Passwort (geprüft, dann im Schlüsselbund des Systems verwahrt) oder mit OAuth2 (Gmail, Outlook)
cli-login-long-about = Meldet sich beim Postfach an, das in der Konfiguration steht. Mit Passwort: fragt danach (oder liest mit --password-stdin eine Zeile), probiert es beim Server und verwahrt es bei Erfolg im Schlüsselbund des Systems. Mit OAuth2 (Gmail, Outlook.com, Microsoft 365, oder wenn das Postfach oauth2 = true hat): öffnet die Anmeldeseite des Anbieters im Browser und verwahrt das Refresh-Token im Schlüsselbund; optout erneuert den Zugang selbst. Danach schreibt es in die Konfiguration, wie sich das Postfach anmeldet, und den Spam-Ordner, den der Server hat. Passwort und Token kommen nie in die Konfigurationsdatei.
cli-login-arg-mailbox = Der Name des Postfachs (der `name` seines [[mailbox]])
cli-login-arg-password_stdin = Das Passwort von der Standardeingabe lesen (eine Zeile), statt zu fragen
cli-login-arg-password = Mit Passwort (App-Passwort) anmelden, auch wo OAuth2 der Normalfall ist
cli-login-arg-oauth2 = Mit OAuth2 anmelden, auch wo ein Passwort der Normalfall ist
cli-login-arg-no_browser = Nur die Anmeldeadresse ausgeben, den Browser nicht öffnen
cli-login-arg-device = OAuth2 mit einem Code, den du auf einem anderen Gerät eingibst (für Rechner ohne Browser), wo der Anbieter das anbietet
