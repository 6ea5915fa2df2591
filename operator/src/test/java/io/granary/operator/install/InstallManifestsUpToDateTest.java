package io.granary.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.operator.testsupport.ControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the generated install files (config/crd/bases, config/rbac roles, bundle/) differ from what the
 * code and config/ produce, and rewrites them with {@code -Dgranary.config.update=true}.
 */
class InstallManifestsUpToDateTest {

    @Test
    void checkedInInstallFilesMatchTheirSources() throws Exception {
        Path root = ControlPlane.repositoryRoot();
        Map<String, String> expected = InstallManifests.render(root);
        if (Boolean.getBoolean("granary.config.update")) {
            InstallManifests.write(root, expected);
        }
        List<String> problems = new ArrayList<>();
        for (var e : expected.entrySet()) {
            Path file = root.resolve(e.getKey());
            if (!Files.exists(file)) {
                problems.add(e.getKey() + " is missing");
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add(e.getKey() + " differs");
            }
        }
        assertThat(problems).withFailMessage(() -> "generated install files are stale: " + String.join(", ", problems)
                + ".\nRefresh them with `" + InstallManifests.REFRESH_COMMAND + "` and commit config/ and bundle/.").isEmpty();
    }
}
