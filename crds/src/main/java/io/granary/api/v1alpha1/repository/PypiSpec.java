package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** PyPI-specific settings (none yet; present to select the format section). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PypiSpec {
}
