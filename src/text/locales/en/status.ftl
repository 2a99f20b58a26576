# `optout status`: the table and the lines under each account.

status-no-accounts = No accounts tracked. Add an [[account]] to { $path }
status-col-account = ACCOUNT
status-col-platform = PLATFORM
status-col-state = STATE
status-col-since = SINCE
status-col-code = CODE
status-col-deadline = DEADLINE
status-col-flags = FLAGS
status-recent-warnings = in the last { $days } days: { $codes ->
    [0] no unexpected code
    [one] 1 unexpected security code
   *[other] { $codes } unexpected security codes
}, { $phishing ->
    [0] no phishing attempt
    [one] 1 mail posing as the provider (phishing?)
   *[other] { $phishing } mails posing as the provider (phishing?)
} — details: `optout log { $account }`

# The code is older than `[alerts] code_valid`: entering it fails.
status-step-code-expired = this code has expired — ask for a new one in the form (`optout object { $account }` waits for it)

# In the CODE column, after the code and its folder.
status-code-expired = expired
