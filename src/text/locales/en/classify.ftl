# `optout classify`: what optout makes of a saved mail, and why.

classify-nothing = nothing: not a provider's objection mail (no provider rule matched this sender and text)
classify-kind-code = verification code
classify-kind-receipt = receipt (request received)
classify-kind-accepted = objection ACCEPTED
classify-kind-rejected = objection REJECTED
classify-kind-unrecognised = UNRECOGNISED: from the provider and about the objection, but no rule decides what it is (`optout review` asks you)
classify-kind-suspicious = SUSPICIOUS: provider wording, but the sender is not proven to be the provider (phishing?)
classify-platform = platform: { $platform }
classify-code = code:     { $code }
classify-trusted-yes = trusted:  yes (may change the account's state)
classify-trusted-no = trusted:  no (never changes a state)
classify-why = why:      { $reason }
classify-failed-one = could not classify { $file }
classify-failed-many = could not classify { $n } files: { $files }
