package io.granary.registry.group;

import io.granary.registry.testsupport.GranaryTestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** {@link GranaryTestResources} plus, per format, two hosted members and groups over them. */
public class GroupTestResources extends GranaryTestResources {

    static final String YAML = members("maven", "{versionPolicy: mixed}") + members("npm", null)
            + members("pypi", null) + members("helm", null) + members("generic", null) + members("oci", null);

    /** {@code <f>-a}, {@code <f>-b} hosted; {@code <f>-group} over both deploying to a; {@code <f>-readonly} without deploy. */
    private static String members(String format, String maven) {
        String extra = maven == null ? "" : ", maven: " + maven;
        return repository(format + "-a", "{format: " + format + ", type: hosted" + extra + "}")
                + repository(format + "-b", "{format: " + format + ", type: hosted" + extra + "}")
                + repository(format + "-group", "{format: " + format + ", type: group, members: [" + format + "-a, "
                        + format + "-b], deployMember: " + format + "-a}")
                + repository(format + "-readonly", "{format: " + format + ", type: group, members: [" + format + "-b, "
                        + format + "-a]}");
    }

    private static String repository(String name, String spec) {
        return "---\napiVersion: granary.io/v1alpha1\nkind: Repository\nmetadata: {name: " + name + "}\nspec: " + spec
                + "\n";
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try {
            Files.writeString(catalogDir().resolve("group-repositories.yaml"), YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
