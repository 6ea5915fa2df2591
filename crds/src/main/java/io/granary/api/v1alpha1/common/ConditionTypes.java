package io.granary.api.v1alpha1.common;

/** Condition types of every Granary kind, in one place so operator, runtime and tests agree. */
public final class ConditionTypes {

    // Carried by every kind (kstatus: Ready is the summary, Reconciling and Stalled are abnormal-true).
    /** The single summary: True when the resource does what its spec asks. */
    public static final String READY = "Ready";
    /** True while the operator is still converging the resource to its spec. */
    public static final String RECONCILING = "Reconciling";
    /** True when progress is impossible without a change from a person (bad spec, missing Secret). */
    public static final String STALLED = "Stalled";

    // Registry
    /** Registry: enough replicas of the runtime are ready to serve. */
    public static final String AVAILABLE = "Available";
    /** Registry: the PostgreSQL database answers and its schema is current. */
    public static final String DATABASE_READY = "DatabaseReady";
    /** Registry: the object store or volume is reachable and writable. */
    public static final String STORAGE_READY = "StorageReady";

    // Repository
    /** Repository: its bucket (or directory) exists and is usable. */
    public static final String BUCKET_READY = "BucketReady";
    /** Repository: its Registry serves it at status.url. */
    public static final String SERVING = "Serving";
    /** Repository: pulls meet slo.pull over slo.window. */
    public static final String PULL_SLO_MET = "PullSLOMet";
    /** Repository: pushes meet slo.push over slo.window. */
    public static final String PUSH_SLO_MET = "PushSLOMet";
    /** Repository: stored bytes are below storage.quota. */
    public static final String QUOTA_OK = "QuotaOK";

    // RetentionPolicy and Replication
    /** RetentionPolicy: its schedule is installed and not suspended. */
    public static final String SCHEDULED = "Scheduled";
    /** RetentionPolicy, Replication: the most recent run finished without errors. */
    public static final String LAST_RUN_SUCCEEDED = "LastRunSucceeded";
    /** Replication: the target holds everything the source holds (within the filters). */
    public static final String IN_SYNC = "InSync";

    // PromotionRule
    /** PromotionRule: every selected artifact passes every gate. */
    public static final String GATES_PASSING = "GatesPassing";
    /** PromotionRule: every artifact that passed the gates is in the target repository. */
    public static final String PROMOTED = "Promoted";

    private ConditionTypes() {
    }
}
