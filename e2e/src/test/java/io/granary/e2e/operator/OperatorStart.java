package io.granary.e2e.operator;

import io.granary.operator.GranaryOperator;
import java.util.function.Supplier;

/**
 * Starts the operator the way its Deployment does: a start that fails is retried by a new process, as the kubelet
 * restarts a pod whose operator exits. Once in about ten CI runs JOSDK's start failed right after a fresh API server
 * came up ("Error starting operator", cause not kept by the old reports); a second, fresh operator is what a
 * cluster would run next, so the flow tests do the same and print the first failure whole.
 */
final class OperatorStart {

    private static final int ATTEMPTS = 2;

    private OperatorStart() {
    }

    static GranaryOperator started(Supplier<GranaryOperator> operators) {
        RuntimeException first = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            GranaryOperator operator = operators.get();
            try {
                return operator.start();
            } catch (RuntimeException e) {
                try {
                    operator.close(); // JOSDK stopped it already; this releases the bucket clients too
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                System.err.println("operator start " + attempt + " of " + ATTEMPTS + " failed:");
                e.printStackTrace();
                if (first == null) {
                    first = e;
                } else {
                    e.addSuppressed(first);
                    throw e;
                }
            }
        }
        throw first;
    }
}
