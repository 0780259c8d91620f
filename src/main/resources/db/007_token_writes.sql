-- Every token issued writes its row and its indexes: keep only the indexes something reads by.
-- oauth_token.jti was never looked up (a JWT is found by the hash of its text, like an opaque token).
DROP INDEX oauth_token_jti;
