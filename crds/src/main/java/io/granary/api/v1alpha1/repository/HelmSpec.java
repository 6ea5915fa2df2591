package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Helm-specific settings (none yet; present to select the format section). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmSpec {
}
