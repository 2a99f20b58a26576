# optout init im Terminal: wie sich das neue Postfach anmeldet.

wizard-ask-signin-password = Wie willst du dich als { $user } bei { $host } anmelden?
    1) jetzt das Passwort eintippen (optout probiert es beim Server und legt es im Schlüsselbund des Systems ab, nie in der Datei)
    2) später, mit `optout login { $mailbox }`
    3) ich trage password_env oder password_cmd selbst in { $path } ein
wizard-ask-signin-oauth2 = Wie willst du dich als { $user } bei { $host } anmelden?
    1) jetzt im Browser
    2) später, mit `optout login { $mailbox }`
wizard-choice = Deine Wahl [1]:
wizard-choice-again = Bitte antworte mit einer Zahl von 1 bis { $n } (Enter nimmt 1).
wizard-signin-later = Melde dich später mit `optout login { $mailbox }` an, dann geht es mit `optout object { $account }` zum Formular von Meta.
wizard-signin-myself = Ersetze dann password_keyring = true im [[mailbox]] "{ $mailbox }" von { $path } durch password_env = "VARIABLE" (aus einer Umgebungsvariable) oder password_cmd = "BEFEHL" (ein Befehl, der es ausgibt); `optout check` probiert es aus.
wizard-signed-in = Weiter: `optout object { $account }` beim Formular von Meta.
