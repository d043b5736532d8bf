package cn.paycode;

/**
 * paycode refused an input: the code does not read, the codes cannot be converted, the wallet
 * or the code cannot be routed, the code does not fit a QR symbol, or a merchant or registry
 * is not JSON of the right shape. {@link #rule()} is the rule of {@code spec/} that the input
 * breaks (such as {@code "MPM-CRC-1"}), or {@code null} for a refusal outside those rules;
 * {@link #getMessage()} says why; {@link #json()} is the error object as the C ABI wrote it.
 */
public class PaycodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String rule;
    private final String json;

    PaycodeException(int status, String rule, String message, String json) {
        super(message);
        this.status = status;
        this.rule = rule;
        this.json = json;
    }

    /** A refusal, read from the error object the C ABI wrote. */
    static PaycodeException refused(String json) {
        String message = Json.field(json, "message");
        return new PaycodeException(Native.PAYCODE_UNREADABLE, Json.field(json, "rule"),
                message == null ? json : message, json);
    }

    /**
     * The rule broken, such as {@code "UNI-ISS-1"}; {@code null} when the refusal is outside the
     * rules of {@code spec/} (a merchant of the wrong shape, a payload that carries no code).
     */
    public String rule() {
        return rule;
    }

    /** The C ABI's status: {@code -3} (unreadable) for a refusal; another for a misuse or a bug. */
    public int status() {
        return status;
    }

    /** The error object as JSON, such as {@code {"rule":"MPM-LEN-1","offset":96,...}}; empty if none. */
    public String json() {
        return json;
    }
}
