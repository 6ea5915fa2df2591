package io.granary.api.v1alpha1.common;

/** CamelCase condition reasons of every Granary kind, in one place. */
public final class ConditionReasons {

    // Shared
    /** Reconciling=True: the operator is applying changes. */
    public static final String PROGRESSING = "Progressing";
    /** Reconciling=False: everything the spec asks for has been applied. */
    public static final String RECONCILED = "Reconciled";
    /** Stalled=True: the spec cannot be acted on as written. */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** Stalled=True: a referenced Secret or key is missing. */
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    /** A referenced Registry does not exist in the namespace. */
    public static final String REGISTRY_NOT_FOUND = "RegistryNotFound";
    /** A referenced Registry exists but is not Ready. */
    public static final String REGISTRY_NOT_READY = "RegistryNotReady";
    /** A referenced Repository does not exist in the namespace. */
    public static final String REPOSITORY_NOT_FOUND = "RepositoryNotFound";
    /** Something the resource depends on is not ready yet. */
    public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
    /** An unexpected error; the message says which and the operator retries. */
    public static final String RECONCILE_ERROR = "ReconcileError";

    // Registry
    /** Available=True. */
    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    /** Available=False. */
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
    /** DatabaseReady=True. */
    public static final String DATABASE_REACHABLE = "DatabaseReachable";
    /** DatabaseReady=False. */
    public static final String DATABASE_UNREACHABLE = "DatabaseUnreachable";
    /** StorageReady=True. */
    public static final String STORAGE_REACHABLE = "StorageReachable";
    /** StorageReady=False. */
    public static final String STORAGE_UNREACHABLE = "StorageUnreachable";

    // Repository
    /** Ready=True / Serving=True: the repository answers at status.url. */
    public static final String SERVING = "Serving";
    /** Serving=False. */
    public static final String NOT_SERVING = "NotServing";
    /** BucketReady=True. */
    public static final String BUCKET_EXISTS = "BucketExists";
    /** BucketReady=False. */
    public static final String BUCKET_UNAVAILABLE = "BucketUnavailable";
    /** Serving=False for a proxy whose upstream does not answer and no stale copy helps. */
    public static final String UPSTREAM_UNREACHABLE = "UpstreamUnreachable";
    /** PullSLOMet/PushSLOMet=True. */
    public static final String WITHIN_OBJECTIVE = "WithinObjective";
    /** PullSLOMet/PushSLOMet=False. */
    public static final String OBJECTIVE_MISSED = "ObjectiveMissed";
    /** PullSLOMet/PushSLOMet=Unknown: no requests in the window. */
    public static final String NO_TRAFFIC = "NoTraffic";
    /** PullSLOMet/PushSLOMet=True: the spec declares no objective. */
    public static final String NO_OBJECTIVE = "NoObjective";
    /** QuotaOK=True. */
    public static final String WITHIN_QUOTA = "WithinQuota";
    /** QuotaOK=True: the spec declares no quota. */
    public static final String NO_QUOTA = "NoQuota";
    /** QuotaOK=False: pushes are refused until bytes drop below the quota. */
    public static final String QUOTA_EXCEEDED = "QuotaExceeded";

    // RetentionPolicy, Replication
    /** Scheduled=True. */
    public static final String SCHEDULE_ACTIVE = "ScheduleActive";
    /** Scheduled=False: spec.suspend is true. */
    public static final String SUSPENDED = "Suspended";
    /** LastRunSucceeded=Unknown: nothing has run yet. */
    public static final String NOT_RUN_YET = "NotRunYet";
    /** LastRunSucceeded=True. */
    public static final String RUN_SUCCEEDED = "RunSucceeded";
    /** LastRunSucceeded=False. */
    public static final String RUN_FAILED = "RunFailed";
    /** InSync=True. */
    public static final String UP_TO_DATE = "UpToDate";
    /** InSync=False: the target misses items or is behind by status.lagSeconds. */
    public static final String LAGGING = "Lagging";
    /** InSync=False: a remote target or source does not answer or refuses the credentials. */
    public static final String REMOTE_UNREACHABLE = "RemoteUnreachable";

    // PromotionRule
    /** GatesPassing=True. */
    public static final String ALL_GATES_PASSED = "AllGatesPassed";
    /** GatesPassing=False: status.blocked names each artifact and its failing gate. */
    public static final String GATE_FAILED = "GateFailed";
    /** Promoted=True. */
    public static final String ARTIFACTS_PROMOTED = "ArtifactsPromoted";
    /** Promoted=False: some artifacts wait for their gates or for a copy in progress. */
    public static final String PROMOTION_PENDING = "PromotionPending";
    /** Promoted=False: copying failed; the message says which artifact and why. */
    public static final String PROMOTION_FAILED = "PromotionFailed";

    private ConditionReasons() {
    }
}
