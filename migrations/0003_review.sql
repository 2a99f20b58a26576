-- `optout review`: the person's answer about an `unrecognised` provider
-- mail is an event of kind `review` that names the mail it answers (its
-- answer, the kind the person said, is in mark_state).
ALTER TABLE event ADD COLUMN review_of INTEGER REFERENCES event(seq);
CREATE INDEX event_by_review ON event(review_of) WHERE review_of IS NOT NULL;
