package io.earshot.listener.sources;

/**
 * A source refused to let the connector in: without credentials it wants a sign-in ({@link #LOGIN_REQUIRED}), with
 * them it turned them down ({@link #REJECTED}). Not retried: the poller stops the source with this message as its
 * state until an admin rotates the credentials or resumes it.
 */
public class SignInException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String LOGIN_REQUIRED = "login required";
    public static final String REJECTED = "credentials rejected";

    public SignInException(String state, String detail) {
        super(state + (detail == null ? "" : ": " + detail));
    }

    /** What a 401 or 403 means for a source that has ({@code withCredentials}) or lacks credentials. */
    public static SignInException forStatus(int status, boolean withCredentials) {
        return new SignInException(withCredentials ? REJECTED : LOGIN_REQUIRED, "HTTP " + status);
    }

    /** The state an admin sees: "login required" or "credentials rejected", with the status that said so. */
    public String state() {
        return getMessage();
    }
}
