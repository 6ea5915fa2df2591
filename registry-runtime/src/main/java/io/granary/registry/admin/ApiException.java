package io.granary.registry.admin;

/** An admin API refusal, rendered as the JSON error body by {@link ApiExceptionMapper}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
