# `optout service install|uninstall`.

service-already-installed = already installed: { $path }
service-wrote = wrote { $path }
service-start-hint = start it now and at every login with:
service-not-installed = not installed ({ $path } does not exist)
service-stop-first = stop it first if it runs:
service-removed = removed { $path }
