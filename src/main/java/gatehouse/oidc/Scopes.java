package gatehouse.oidc;

import java.util.List;

/** The OpenID Connect scopes Gatehouse serves (Core §3.1.2.1, §5.4); the auth scopes of the same names exist from schema version 11. */
public final class Scopes {
    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final List<String> ALL = List.of(OPENID, PROFILE, EMAIL);

    private Scopes() { }
}
