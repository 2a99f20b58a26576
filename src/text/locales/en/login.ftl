# optout login: signing in with a password (into the OS keyring) or OAuth2.

login-via-keyring = password from the keyring (optout login)
login-via-oauth2 = OAuth2 (optout login)
login-unknown-mailbox = unknown mailbox "{ $name }"; the config has: { $known }
login-ask-password = Password for { $user } at { $host } (not shown):
login-not-a-terminal = No terminal to ask for the password on: pipe it in with --password-stdin, e.g. `printf '%s\n' "$PW" | optout login { $mailbox } --password-stdin`.
login-empty-password = The password is empty: nothing was stored.
login-trying = Trying it at { $host }…
login-nothing-stored = Nothing was stored, and the config is unchanged.
login-password-stored = Signed in to { $host } as { $user }. The password is in the keyring ({ $store }); mailbox "{ $mailbox }" reads it from there (password_keyring = true in { $path }).
login-config-failed = Signed in and stored, but { $path } could not be changed ({ $detail }): set { $key } = true in the [[mailbox]] "{ $mailbox }" yourself.
login-no-keyring = No keyring is available here.
login-no-keyring-alternatives = On a computer without a desktop session, give the password another way in the [[mailbox]]: password_env = "VARIABLE" (read from an environment variable), password_cmd = "COMMAND" (a command that prints it), or password = "…" in a config file only you can read (chmod 600).
login-keyring-locked = The keyring is locked or refused access for mailbox "{ $mailbox }" ({ $detail }): unlock it (log in to your desktop, or open your keyring app) and try again.
login-keyring-missing = The keyring holds no password for mailbox "{ $mailbox }" ({ $account }): store it with `optout login { $mailbox }`.
login-keyring-failed = The keyring failed for mailbox "{ $mailbox }": { $detail }.
login-oauth2-unknown = Mailbox "{ $mailbox }": optout knows no OAuth2 sign-in for { $host }. Give the provider's oauth2_auth_url, oauth2_token_url and oauth2_client_id in the [[mailbox]], or use a password (`optout login { $mailbox } --password`) or oauth2_token_cmd.
login-oauth2-no-client-id = Mailbox "{ $mailbox }": signing in to { $provider } with OAuth2 needs a client id, and optout has no registration of its own yet. Register one at { $register }, then put oauth2_client_id = "…" into the [[mailbox]]. Or use an app password (`optout login { $mailbox } --password`), or a token command (oauth2_token_cmd, e.g. with oama).
login-oauth2-insecure = Mailbox "{ $mailbox }": { $url } is not an https address; tokens would travel unencrypted. Only a server on this computer may use http.
login-oauth2-no-refresh-token = Mailbox "{ $mailbox }": the provider sent no refresh token, so optout could not renew the access by itself. Run `optout login { $mailbox }` again (some providers send one only on the first consent: remove optout's access in your account settings first).
login-oauth2-not-signed-in = Mailbox "{ $mailbox }" is not signed in yet: run `optout login { $mailbox }`.
login-oauth2-refresh-refused = The sign-in of mailbox "{ $mailbox }" has expired or was revoked ({ $detail }): sign in again with `optout login { $mailbox }`.
login-oauth2-refresh-failed = Mailbox "{ $mailbox }": the access could not be renewed ({ $detail }); optout tries again by itself.
login-oauth2-open = Open this address in your browser and sign in to { $provider }:
login-oauth2-opened = Your browser opens the sign-in page of { $provider }; if it does not, open this address:
login-oauth2-waiting = Waiting for the sign-in (at most { $minutes } minutes)…
login-oauth2-device = On any device, open { $url } and enter the code { $code } (valid for { $minutes } minutes).
login-oauth2-page-done = Signed in. You can close this tab and go back to optout.
login-oauth2-page-failed = The sign-in did not work: { $detail }. Go back to optout for what to do.
login-oauth2-denied = The sign-in was not completed ({ $detail }). Run `optout login { $mailbox }` again.
login-oauth2-timeout = No sign-in within { $minutes } minutes. Run `optout login { $mailbox }` again.
login-oauth2-state-mismatch = The answer did not belong to this sign-in; nothing was stored. Run `optout login { $mailbox }` again.
login-oauth2-token-failed = { $provider } did not hand out the tokens: { $detail }.
login-oauth2-listen-failed = Cannot wait for the browser's answer on this computer ({ $detail }).
login-oauth2-stored = Signed in to { $provider } as { $user }. The refresh token is in the keyring ({ $store }); mailbox "{ $mailbox }" renews its access by itself (oauth2 = true in { $path }).
login-oauth2-no-device = { $provider } offers no sign-in with a code on another device: run `optout login { $mailbox }` on a computer with a browser, or with --no-browser and open the address it prints on this computer.

cli-login-about = Sign in to a mailbox: a password (tried, then kept in the OS keyring) or OAuth2 (Gmail, Outlook)
cli-login-long-about = Signs in to the mailbox named in the config. With a password: asks for it (or reads one line with --password-stdin), tries it at the server, and on success keeps it in the OS keyring. With OAuth2 (Gmail, Outlook.com, Microsoft 365, or when the mailbox says oauth2 = true): opens the provider's sign-in page in the browser and keeps the refresh token in the keyring; optout renews the access by itself. Then it writes into the config how the mailbox signs in, and the spam folder found on the server. The password or token never goes into the config file.
cli-login-arg-mailbox = The mailbox's name (the `name` of its [[mailbox]])
cli-login-arg-password_stdin = Read the password from stdin (one line) instead of asking
cli-login-arg-password = Sign in with a password (an app password), even where OAuth2 is the default
cli-login-arg-oauth2 = Sign in with OAuth2, even where a password is the default
cli-login-arg-no_browser = Only print the sign-in address, do not open the browser
cli-login-arg-device = OAuth2 with a code to enter on another device (for a computer without a browser), where the provider offers it
