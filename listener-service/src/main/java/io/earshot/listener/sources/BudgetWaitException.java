package io.earshot.listener.sources;

import java.time.Duration;

/**
 * A request was not made: its source's or its host's budget (or the host's hold) has no token for longer than a poll
 * waits ({@code earshot.sources.host-budget.max-wait}). Not a failure of the source: the poller puts the poll off until
 * {@link #retryAfter()} without counting it.
 */
public class BudgetWaitException extends SourceHttpException {
    private static final long serialVersionUID = 1L;

    public BudgetWaitException(Duration wait) {
        super(429, wait);
    }

    @Override
    public String getMessage() {
        return "request budget spent for " + retryAfter().toSeconds() + "s";
    }
}
