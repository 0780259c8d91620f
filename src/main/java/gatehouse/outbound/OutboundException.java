package gatehouse.outbound;

/**
 * Why an outbound call or token request could not be done, typed so that one place (the API resource, the
 * redirect page) renders it: {@link NeedsPerson} 409, {@link ProviderRefused} and {@link RemoteFailure} 502,
 * {@link Invalid} 400.
 */
public abstract class OutboundException extends RuntimeException {
    private final boolean tokenRefreshed;

    OutboundException(String message, boolean tokenRefreshed) {
        super(message);
        this.tokenRefreshed = tokenRefreshed;
    }

    public boolean tokenRefreshed() { return tokenRefreshed; }

    /** No usable token, and none can be got without a person using Get OAuth Token. */
    public static final class NeedsPerson extends OutboundException {
        public final String profileSysId;

        NeedsPerson(String profileSysId, String reason) {
            super(reason, false);
            this.profileSysId = profileSysId;
        }
    }

    /** The provider's token endpoint refused (RFC 6749 §5.2): its own error and error_description. */
    public static final class ProviderRefused extends OutboundException {
        public final int remoteStatus;
        public final String error;
        public final String errorDescription;

        ProviderRefused(int remoteStatus, String error, String errorDescription) {
            super("The provider refused the token request: " + error + (errorDescription == null ? "" : " (" + errorDescription + ")"), false);
            this.remoteStatus = remoteStatus;
            this.error = error;
            this.errorDescription = errorDescription;
        }

        boolean invalidGrant() { return "invalid_grant".equals(error); }
    }

    /** The remote server failed: unreachable, too slow, too large, or an error status. */
    public static final class RemoteFailure extends OutboundException {
        /** The remote HTTP status, or null when there was no answer. */
        public final Integer remoteStatus;
        /** A short part of the remote answer, for the person reading the error. */
        public final String remoteBody;

        RemoteFailure(String message, Integer remoteStatus, String remoteBody, boolean tokenRefreshed) {
            super(message, tokenRefreshed);
            this.remoteStatus = remoteStatus;
            this.remoteBody = remoteBody;
        }
    }

    /** The request cannot be made as asked (a missing variable, a URL that is not allowed, a grant that needs input). */
    public static final class Invalid extends OutboundException {
        Invalid(String message) {
            super(message, false);
        }
    }
}
