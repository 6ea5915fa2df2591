package io.granary.registry.helm;

import io.granary.registry.testsupport.ClientTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real helm client, run in {@code work} with its own config, cache, data and registry-login homes there. */
final class HelmCli {

    private final Path work;

    HelmCli(Path work) {
        this.work = work;
    }

    ClientTools.Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ClientTools.require("helm-v3.22.0/helm").toString()));
        command.addAll(List.of(args));
        return ClientTools.run(work, Map.of("HELM_CONFIG_HOME", work.resolve("config").toString(),
                "HELM_CACHE_HOME", work.resolve("cache").toString(), "HELM_DATA_HOME", work.resolve("data").toString(),
                "HELM_REGISTRY_CONFIG", work.resolve("config/registry.json").toString()), command);
    }
}
