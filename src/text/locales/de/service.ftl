# `optout service install|uninstall`.

service-already-installed = schon eingerichtet: { $path }
service-wrote = geschrieben: { $path }
service-start-hint = jetzt und bei jeder Anmeldung starten mit:
service-not-installed = nicht eingerichtet ({ $path } gibt es nicht)
service-stop-first = erst anhalten, falls er läuft:
service-removed = entfernt: { $path }
