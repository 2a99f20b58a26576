# Shared words: relative times, next steps in `status`.

time-just-now = just now
time-minutes-ago = { $n ->
    [one] 1 minute ago
   *[other] { $n } minutes ago
}
time-hours-ago = { $n ->
    [one] 1 hour ago
   *[other] { $n } hours ago
}
time-days-ago = { $n ->
    [one] 1 day ago
   *[other] { $n } days ago
}

step-object = run `optout object { $account }`: it opens the form and shows the code the moment it arrives
step-wait-for-code = wait for the code (it often lands in spam)
step-check-spam = no code yet: check your spam folder; accounts with two-factor login often get none — try the form again
step-enter-code = enter the code in the form and submit
step-wait-for-decision = wait for the decision
step-no-answer = no answer for { $days } days; the legal limit is one month
step-send-reminder = no answer for { $days } days, past the one-month limit: send a reminder (`optout letter { $account } --kind reminder`)
step-keep-proof = done — keep the acceptance mail as proof (`optout evidence { $account } --out DIR`)
step-consider-complaint = refused: consider a complaint to the data protection authority (`optout letter { $account } --kind complaint`)

# States, flags and event kinds as a person reads them (`--json` keeps
# the snake_case names).
state-not-started = not started
state-awaiting-code = waiting for code
state-code-received = code received
state-submitted = submitted
state-accepted = accepted
state-rejected = refused

flag-code-overdue = code overdue
flag-reply-overdue = answer overdue
flag-deadline-passed = deadline passed

event-code = code
event-receipt = receipt
event-accepted = accepted
event-rejected = refused
event-suspicious = suspicious
event-unrecognised = not understood
event-review = reviewed
event-expect-code = code expected
event-mark = corrected
