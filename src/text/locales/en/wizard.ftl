# optout init on a terminal: how the new mailbox signs in.

wizard-ask-signin-password = How do you want to sign in to { $user } at { $host }?
    1) type the password now (optout tries it at the server and keeps it in the OS keyring, never in the file)
    2) later, with `optout login { $mailbox }`
    3) I set password_env or password_cmd in { $path } myself
wizard-ask-signin-oauth2 = How do you want to sign in to { $host } as { $user }?
    1) in the browser now
    2) later, with `optout login { $mailbox }`
wizard-choice = Your choice [1]:
wizard-choice-again = Please answer with a number from 1 to { $n } (Enter takes 1).
wizard-signin-later = Sign in later with `optout login { $mailbox }`, then go to Meta's form with `optout object { $account }`.
wizard-signin-myself = Then replace password_keyring = true in the [[mailbox]] "{ $mailbox }" of { $path } with password_env = "VARIABLE" (read from an environment variable) or password_cmd = "COMMAND" (a command that prints it); `optout check` tries it.
wizard-signed-in = Next: `optout object { $account }` at Meta's form.
