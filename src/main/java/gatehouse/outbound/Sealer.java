package gatehouse.outbound;

/**
 * Encryption at rest for what the outbound side keeps (client secrets, tokens, passwords, private keys): the
 * master key of {@code gatehouse.keys}. {@code context} names the record and field, so that a sealed value
 * cannot be moved to another record.
 */
public interface Sealer {
    String seal(String plain, String context);

    /** The plain text; throws when the value was sealed under another key or for another context. */
    String open(String sealed, String context);
}
