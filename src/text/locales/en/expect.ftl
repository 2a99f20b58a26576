# `optout expect-code`: what it did, and whether anyone is listening.

# The account is `accepted`: a new code would reopen a finished objection.
expect-accepted-needs-force = { $account }: { $provider } accepted this objection on { $date }. `optout expect-code` would reopen it (back to waiting for a code, the code timer running again); if you really are objecting again, run `optout expect-code { $account } --force`

expect-watcher-running = A watcher is running for this database ({ $pid }): it will report the code the moment it arrives.

expect-watcher-pid = pid { $pid }

expect-watcher-unknown-pid = pid unknown

expect-no-watcher = No watcher is running for this database ({ $db }), so nobody will see the code arrive. Start one: `optout watch` (in this terminal), `optout service install` (in the background, from now on), or `optout object { $account }` (the live flow at the form: waits for the code and prints it).
