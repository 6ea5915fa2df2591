package io.granary.operator.common;

/** Condition reasons only the operator reports, beside the shared ones in ConditionReasons. */
public final class OperatorReasons {

    /**
     * Ready=False on RetentionPolicy, Replication and PromotionRule: the spec is valid and accepted, but the runtime
     * jobs that would execute it are not built yet. Said plainly so no one trusts a policy that does nothing.
     */
    public static final String EXECUTION_NOT_IMPLEMENTED = "ExecutionNotImplemented";
    /** Serving=False: the Registry's admin endpoint does not know the repository yet. */
    public static final String NOT_IN_CATALOG = "NotInCatalog";
    /** Access Secrets could not be issued because the Registry does not answer. */
    public static final String REGISTRY_UNREACHABLE = "RegistryUnreachable";

    private OperatorReasons() {
    }
}
