package gatehouse.token;

import gatehouse.keys.Secrets;
import java.util.regex.Pattern;

/** RFC 7636 §4.6 (S256 only) and RFC 9700 §2.1.1, §4.8 (no downgrade). */
public final class PkceVerifier {
    /** RFC 7636 §4.1: code-verifier = 43*128unreserved. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private PkceVerifier() { }

    /**
     * @param challenge    the code's S256 code_challenge, or null when the authorization request sent none
     * @param verifier     the token request's code_verifier, or null
     * @param publicClient public clients must have used PKCE
     */
    public static void check(String challenge, String verifier, boolean publicClient) {
        if (challenge == null) {
            if (verifier != null)
                throw OAuthError.invalidGrant("code_verifier was sent, but the authorization request had no code_challenge (RFC 9700 §4.8)");
            if (publicClient) throw OAuthError.invalidGrant("A public client must use PKCE (RFC 9700 §2.1.1)");
            return;
        }
        if (verifier == null) throw OAuthError.invalidGrant("code_verifier is required: the authorization request sent a code_challenge");
        if (!VERIFIER.matcher(verifier).matches()) throw OAuthError.invalidGrant("code_verifier is malformed (RFC 7636 §4.1)");
        if (!Secrets.constantTimeEquals(Secrets.sha256(verifier), challenge))
            throw OAuthError.invalidGrant("code_verifier does not match the code_challenge");
    }
}
