package io.granary.api.v1alpha1.common;

/**
 * Regular expressions shared by the CRD schema ({@code @Pattern}) and the Java parsers, so both accept the same text.
 */
public final class ApiPatterns {

    /** A duration such as {@code 500ms}, {@code 10m}, {@code 1h30m} or {@code 90d}. */
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$";

    /** A ratio between 0 and 1 written as a decimal string, e.g. {@code "0.999"}. */
    public static final String RATIO = "^(0(\\.[0-9]+)?|1(\\.0+)?)$";

    /** A non-negative Kubernetes quantity of bytes, e.g. {@code 500Gi}, {@code 10M}, {@code 1024}. */
    public static final String BYTE_QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

    /** A DNS-1123 label: lower case alphanumerics and '-', starting and ending alphanumeric. */
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** A DNS-1123 subdomain, the shape of most Kubernetes object names. */
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** An absolute http or https URL. */
    public static final String HTTP_URL = "^https?://[^\\s/$.?#][^\\s]*$";

    /** A cron schedule: five fields, or one of the {@code @hourly}-style macros. */
    public static final String CRON = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";

    /** An S3 bucket name. */
    public static final String BUCKET_NAME = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    /** A content digest as OCI writes it. */
    public static final String SHA256_DIGEST = "^sha256:[a-f0-9]{64}$";

    /** The status of a condition. */
    public static final String CONDITION_STATUS = "^(True|False|Unknown)$";

    /** A condition reason: CamelCase, as metav1.Condition requires. */
    public static final String CONDITION_REASON = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    private ApiPatterns() {
    }
}
