package gatehouse.outbound;

/** A successful token response (RFC 6749 §5.1), held only in memory. */
record TokenSet(String accessToken, String tokenType, Long expiresIn, String refreshToken, Long refreshExpiresIn, String scope) { }
