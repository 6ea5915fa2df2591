package io.granary.registry.proxy;

import io.granary.api.v1alpha1.repository.RepositoryFormat;

/** How one format maps its read requests onto {@link ProxyCache} items. */
public interface ProxyFormat {

    RepositoryFormat format();

    /** Answers an admitted GET or HEAD. */
    void serve(ProxyRequest request);
}
