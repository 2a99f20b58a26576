# `optout object`: the live flow at the provider's objection form, and the
# code line of `optout watch` on a terminal.

object-form-title = { $platform }: the objection form
object-form-opened = (opened in your browser)
object-form-not-opened = Could not open the browser ({ $error }): open the address above yourself.
object-no-form = optout knows no objection form for { $platform }: look for “object” in the provider's privacy policy.
object-address = The address to type into the form: { $address }
object-address-unknown = Type into the form the address that mailbox “{ $mailbox }” receives mail at.
object-justification-intro = Why you object (for the field “Please explain how this processing impacts you”; you may leave it empty):
object-justification-short = Short:
object-justification-long = Longer:
object-justification-copied = The longer text is on your clipboard.
object-press-send = Now send the form. optout waits for the code — it often lands in spam.
object-waiting = waiting for the code
object-folders-connecting = connecting…
object-folders-daemon-starting = optout watch has not synced this mailbox yet
object-how-poll = every { $secs } s
object-via-daemon = via optout watch, pid { $pid }
object-found-in-spam = in the spam folder “{ $folder }”
object-found-in = in “{ $folder }”
object-code-title = Your { $platform } code, { $where }.
object-code-copied = It is on your clipboard: paste it into the form.
object-code-line = code { $code } for { $account } ({ $platform }), { $where }
object-next = Enter the code in the form and send it. Meta usually answers within minutes to days.
object-next-daemon = optout watch is running and keeps watching for the answer.
object-next-service = The service is installed: optout keeps watching for the answer while it runs ({ $hint }).
object-next-install = optout keeps watching only while `optout watch` runs: `optout service install` runs it in the background.
object-no-code-yet = No code after { $waited }.
object-advice-spam-checked = { $n ->
    [one] optout checked the spam folder: { $folders }.
   *[other] optout checked every spam folder: { $folders }.
}
object-advice-no-spam-folder = optout knows no spam folder in this mailbox: look into your mail program's spam folder, or name it in the config (`folders`).
object-advice-unreachable = optout could not reach the mailbox, so it could not look for the code: { $error }
object-advice-two-factor = Accounts with two-factor login often get no code at all.
object-advice-try-again = Send the form again, or try another of your addresses.
object-timed-out = no code within { $timeout }; the objection stays tracked (`optout status { $account }`)
object-interrupted = Stopped. The objection is still tracked: `optout status { $account }` shows where it stands.
object-daemon-gone = optout watch has stopped: optout now watches the mailbox itself.
object-watch-code = Code { $code } for { $account } ({ $platform }), { $where }.
object-watch-unexpected-code = A code nobody asked for: { $code } for { $account } ({ $platform }), { $where }. Someone may be trying to log in.

# `optout object --help`
cli-object-about = The live flow at the provider's objection form: opens it, shows the address and a justification, waits for the code and prints it
cli-object-arg-account = The account you object for (its id in the config)
cli-object-arg-no_browser = Only print the form's address, do not open the browser
cli-object-arg-lang = The language [default: [alerts] language, else the locale]
cli-object-arg-timeout = Give up (exit 1) after this long without a code, e.g. 30m, 1h
