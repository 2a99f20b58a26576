# `optout init`: was es gefunden hat, was es geschrieben hat, und seine Fragen.

init-need-email = gib die Adresse mit --email ADRESSE an (oder starte `optout init` im Terminal, dann fragt es)

init-address-no-at = { $address } ist keine Mail-Adresse (es fehlt das @); schreib sie als name@anbieter.de

init-address-malformed = { $address } ist keine Mail-Adresse; schreib nur die Adresse, z. B. max@gmx.de

init-address-no-dot = die Domain "{ $domain }" hat keinen Punkt, also kann kein Anbieter dahinter stehen; prüf den Teil nach dem @ (z. B. gmx.de)

init-unknown-platform = --platform: { $problem } (eine Plattform aus einer Regeldatei trägst du von Hand in die Konfiguration ein)

init-cannot-add = kann nichts zu { $path } hinzufügen: { $error }; korrigier die Datei (`optout check` sagt, wo), dann starte init noch einmal

init-nothing-to-add = { $email } ist in { $path } schon mit diesen Plattformen eingerichtet; es gibt nichts hinzuzufügen

init-skipped = übersprungen: { $source }: { $why }

init-settings-from = IMAP-Einstellungen für { $email } { $from }: { $host }:{ $port } ({ $tls }), Benutzer { $user }

init-not-found = konnte nicht weiter suchen (kein Netz, oder der Anbieter veröffentlicht keine Einstellungen); eine Vermutung ist eingetragen, { $host }:{ $port }: vergleich host und port in der Datei mit den Hilfeseiten deines Anbieters

init-probe-ok = { $host }:{ $port } antwortet ({ $tls }, Zertifikat vertrauenswürdig); er bietet: { $caps }

init-probe-failed = { $host }:{ $port } ließ sich nicht prüfen: { $error } Die Einstellungen sind trotzdem eingetragen: führ `optout check` aus, sobald der Server erreichbar ist.

init-wrote = { $path } geschrieben: Postfach "{ $mailbox }", Konten { $ids }

init-enable = Schalte zuerst IMAP ein: { $how }

init-next = Als Nächstes: einmal anmelden mit `optout login { $mailbox }` (probiert das Passwort und verwahrt es im Schlüsselbund des Systems, nie in der Datei; oder meldet dich mit OAuth2 an), dann `optout object { $account }` beim Formular von Meta.

init-wizard-hello = optout braucht deine Mail-Adresse und die Plattformen, bei denen du widersprichst. Mit Enter nimmst du den Vorschlag in [Klammern].

init-ask-email = Deine Mail-Adresse (an die Meta schreibt):

init-ask-email-again = Das ist keine Mail-Adresse; schreib sie als name@anbieter.de.

init-ask-platforms = Plattformen, bei denen du widersprichst ({ $known }) [facebook]:

init-spam-written = Der Spam-Ordner auf dem Server heißt "{ $folder }": in { $path } eingetragen.

init-tls-implicit = verschlüsselt
init-tls-starttls = verschlüsselt per STARTTLS
init-tls-none = unverschlüsselt, nur auf diesem Rechner
